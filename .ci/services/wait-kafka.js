// Exits 0 once the broker in KAFKA_BROKERS answers a kafkajs admin request (metadata of all
// topics): an open port alone does not mean the KRaft controller has elected itself yet.
const { Kafka, logLevel } = require('kafkajs');

const kafka = new Kafka({
  clientId: 'ci-wait',
  brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(','),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 2000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
admin
  .connect()
  .then(() => admin.listTopics())
  .then(
    () => admin.disconnect().then(() => process.exit(0)),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
