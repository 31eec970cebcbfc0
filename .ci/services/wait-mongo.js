// Exits 0 once the server in MONGODB_URI answers a `ping` through the official driver.
const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGODB_URI || 'mongodb://127.0.0.1:27018/', {
  serverSelectionTimeoutMS: 1000,
  connectTimeoutMS: 1000,
});
client
  .connect()
  .then(() => client.db('admin').command({ ping: 1 }))
  .then(
    () => client.close().then(() => process.exit(0)),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
