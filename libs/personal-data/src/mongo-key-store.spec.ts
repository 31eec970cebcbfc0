// The shared key store on a real MongoDB-wire server (CI: FerretDB on PostgreSQL) when
// MONGODB_URI is set; otherwise reported skipped. Two stores over one database stand for two
// services on different hosts.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { KeyDestroyed } from './key-store';
import { MongoKeyStore } from './mongo-key-store';
import { PersonalDataVault } from './personal-data-vault';

const uri = process.env.MONGODB_URI;

const registered = (customerId: string, name: string) => ({
  type: 'CustomerRegistered',
  data: {
    customerId,
    kind: 'person',
    name,
    email: `${customerId}@example.com`,
    country: 'GB',
    occurredAt: '2026-01-01',
  },
});
const erased = (customerId: string) => ({
  type: 'CustomerErased',
  data: { customerId, reason: 'request', occurredAt: '2026-02-01' },
});

if (uri) {
  describe('MongoKeyStore (shared by every service)', () => {
    const database = `ledger_keys_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    let command: MongoKeyStore;
    let projection: MongoKeyStore;
    let client: MongoClient;
    beforeAll(async () => {
      command = await MongoKeyStore.connect({ uri, database });
      projection = await MongoKeyStore.connect({ uri, database });
      client = await new MongoClient(uri).connect();
    });
    afterAll(async () => {
      await command.close();
      await projection.close();
      await client.db(database).dropDatabase();
      await client.close();
    });
    const documents = () => client.db(database).collection('data_keys').find({}).sort({ _id: 1 }).toArray();

    it('creates one key per customer, whoever asks first and however many ask at once', async () => {
      const asked = await Promise.all([
        ...['k1', 'k2', 'k1'].map((id) => command.keyFor(id)),
        ...['k1', 'k2'].map((id) => projection.keyFor(id)),
      ]);
      expect(asked.map((key) => key.length)).toEqual([32, 32, 32, 32, 32]);
      expect(asked[0].equals(asked[2]) && asked[0].equals(asked[3])).toBe(true);
      expect(asked[1].equals(asked[4])).toBe(true);
      expect(asked[0].equals(asked[1])).toBe(false);
      const found = await projection.lookup(['k1', 'k2', 'never']);
      expect([...found.keys()].sort()).toEqual(['k1', 'k2']);
      expect((found.get('k1') as Buffer).equals(asked[0])).toBe(true);
    });

    it('destroys exactly one key: the document keeps no key bytes, every other key is unchanged', async () => {
      const keys = await Promise.all(['s1', 's2', 's3'].map((id) => command.keyFor(id)));
      const before = await documents();
      await command.destroy('s2');
      const after = await documents();
      expect(after.map((d) => d._id)).toEqual(before.map((d) => d._id));
      const changed = after.filter((d, i) => JSON.stringify(d) !== JSON.stringify(before[i]));
      expect(changed.map((d) => d._id)).toEqual(['s2']);
      expect(changed[0].key).toBeNull();
      expect(changed[0].destroyedAt).toBeInstanceOf(Date);
      const found = await projection.lookup(['s1', 's2', 's3']);
      expect(found.get('s2')).toBe('destroyed');
      expect((found.get('s1') as Buffer).equals(keys[0]) && (found.get('s3') as Buffer).equals(keys[2])).toBe(true);
      await expect(projection.keyFor('s2')).rejects.toBeInstanceOf(KeyDestroyed);
      // Idempotent, and it blocks a key that was never created from being created later.
      await command.destroy('s2');
      await command.destroy('never-registered');
      await expect(command.keyFor('never-registered')).rejects.toBeInstanceOf(KeyDestroyed);
    });

    it('lets a vault on another host read names, and stop reading them once the customer is erased', async () => {
      const writer = new PersonalDataVault(command);
      const reader = new PersonalDataVault(projection);
      const sealed = await Promise.all([writer.seal(registered('v1', 'Vera')), writer.seal(registered('v2', 'Olga'))]);
      expect(JSON.stringify(sealed)).not.toMatch(/Vera|Olga/);
      // One key-store round trip for the batch, none for a batch whose keys are cached.
      expect((await reader.openAll(sealed)).map((e) => e.data.name)).toEqual(['Vera', 'Olga']);
      await reader.openAll(sealed);
      expect(reader.lookups).toBe(1);

      await writer.erase('v1');
      // The reader still caches v1's key; the erasure reaches it through the log (the event)…
      const [afterEvent] = await reader.openAll([sealed[0], erased('v1')]);
      expect(afterEvent.data).toMatchObject({ name: null, email: null, country: 'GB' });
      expect((await reader.open(sealed[1])).data.name).toBe('Olga');
      // …or through a fresh read of the key store, as the audit API does on every page.
      const auditor = new PersonalDataVault(projection);
      await auditor.open(sealed[0]);
      expect((await auditor.open(sealed[0], { fresh: true })).data.name).toBeNull();
    });

    it('expires cached keys, so a host that never sees the erasure stops decrypting after cacheMs', async () => {
      let now = 0;
      const writer = new PersonalDataVault(command);
      const reader = new PersonalDataVault(projection, { cacheMs: 1000, now: () => now });
      const sealed = await writer.seal(registered('t1', 'Tess'));
      expect((await reader.open(sealed)).data.name).toBe('Tess');
      await writer.erase('t1');
      now = 999;
      expect((await reader.open(sealed)).data.name).toBe('Tess');
      now = 1000;
      expect((await reader.open(sealed)).data.name).toBeNull();
    });
  });
} else {
  describe.skip('MongoKeyStore (skipped: MONGODB_URI not set: start FerretDB with .ci/services/ferretdb.sh)', () => {
    it('needs a MongoDB-wire server', () => undefined);
  });
}
