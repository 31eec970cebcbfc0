// The sign-in store contract on a real MongoDB-wire server (CI: FerretDB on PostgreSQL) when
// MONGODB_URI is set; otherwise reported skipped. Two stores (two clients) over one database
// stand for two services on different hosts; each test has a database of its own, dropped after.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MongoSignInStore } from './mongo-sign-in-store';
import { signInStoreContract } from './sign-in-store.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  signInStoreContract('mongodb', async () => {
    const database = `ledger_sign_in_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const stores: [MongoSignInStore, MongoSignInStore] = [
      await MongoSignInStore.connect({ uri, database }),
      await MongoSignInStore.connect({ uri, database }),
    ];
    return {
      stores,
      cleanup: async () => {
        await Promise.all(stores.map((store) => store.close()));
        const client = await new MongoClient(uri).connect();
        await client.db(database).dropDatabase();
        await client.close();
      },
    };
  });
} else {
  describe.skip('SignInStore contract: mongodb (skipped: MONGODB_URI not set: start FerretDB with .ci/services/ferretdb.sh)', () => {
    it('needs a MongoDB-wire server', () => undefined);
  });
}
