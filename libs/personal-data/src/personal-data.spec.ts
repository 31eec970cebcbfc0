import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyDestroyed } from './key-store';
import { PersonalDataVault, userKeyId } from './personal-data-vault';
import { decryptPersonalFields, encryptPersonalFields } from './personal-fields.codec';
import { SqliteKeyStore } from './sqlite-key-store';

const registered = {
  type: 'CustomerRegistered',
  data: {
    customerId: 'ada',
    kind: 'person',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    country: 'GB',
    occurredAt: '2026-01-01T00:00:00.000Z',
  },
};

describe('personal fields codec', () => {
  const key = randomBytes(32);

  it('encrypts only the personal fields, as tagged strings, and decrypts them back', () => {
    const sealed = encryptPersonalFields(registered, key);
    expect(sealed.data).toMatchObject({ customerId: 'ada', kind: 'person', country: 'GB' });
    expect(sealed.data.name).toMatch(/^enc:v1:/);
    expect(sealed.data.email).toMatch(/^enc:v1:/);
    expect(JSON.stringify(sealed)).not.toContain('Ada');
    expect(decryptPersonalFields(sealed, key)).toEqual(registered);
  });

  it('reaches into profile changes and leaves events without personal fields untouched', () => {
    const update = {
      type: 'CustomerProfileUpdated',
      data: { customerId: 'ada', changes: { city: 'Paris', country: 'FR' } },
    };
    const sealed = encryptPersonalFields(update, key);
    expect(sealed.data.changes.city).toMatch(/^enc:v1:/);
    expect(sealed.data.changes.country).toBe('FR');
    const purchase = { type: 'PurchaseRecorded', data: { customerId: 'ada', amount: 5 } };
    expect(encryptPersonalFields(purchase, key)).toBe(purchase);
  });

  it('reads every personal field as null without a key', () => {
    const opened = decryptPersonalFields(encryptPersonalFields(registered, key), null);
    expect(opened.data).toMatchObject({ name: null, email: null, country: 'GB', kind: 'person' });
  });

  it('refuses a ciphertext moved to another customer', () => {
    const sealed = encryptPersonalFields(registered, key);
    expect(() => decryptPersonalFields({ ...sealed, data: { ...sealed.data, customerId: 'bob' } }, key)).toThrow();
  });
});

describe('PersonalDataVault over SqliteKeyStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys across restarts and forgets them for good on erasure', async () => {
    const file = join(dir, 'keys.sqlite');
    let vault = new PersonalDataVault(SqliteKeyStore.open(file));
    const sealed = await vault.seal(registered);
    await vault.close();
    vault = new PersonalDataVault(SqliteKeyStore.open(file));
    expect(await vault.open(sealed)).toEqual(registered);
    const key = SqliteKeyStore.open(file);
    const raw = key.existingKey('ada') as Buffer;
    key.close();

    await vault.erase('ada');
    expect((await vault.open(sealed)).data).toMatchObject({ name: null, email: null });
    expect(await vault.isErased('ada')).toBe(true);
    await expect(vault.seal(registered)).rejects.toThrow(KeyDestroyed);
    await vault.close();
    // The key bytes are gone from the file itself, not just unreachable.
    expect(readFileSync(file).includes(raw)).toBe(false);
    const reopened = new PersonalDataVault(SqliteKeyStore.open(file));
    expect((await reopened.open(sealed)).data).toMatchObject({ name: null });
    await reopened.close();
  });

  it('asks the key store once when several readers open the same new events at once', async () => {
    // A projection service opens each batch once per read model, all at the same moment.
    const file = join(dir, 'keys.sqlite');
    const sealed = await new PersonalDataVault(SqliteKeyStore.open(file)).seal(registered);
    const reader = new PersonalDataVault(SqliteKeyStore.open(file));
    const opened = await Promise.all(Array.from({ length: 7 }, () => reader.openAll([sealed])));
    expect(opened.map(([event]) => event)).toEqual(Array(7).fill(registered));
    expect(reader.lookups).toBe(1);
    // An auditor's fresh read does not join a lookup in flight: it asks the store itself.
    await Promise.all([reader.open(sealed, { fresh: true }), reader.open(sealed, { fresh: true })]);
    expect(reader.lookups).toBe(3);
  });

  it('passes plaintext events of customers without a key through unchanged', async () => {
    const vault = new PersonalDataVault(SqliteKeyStore.open(join(dir, 'keys.sqlite')));
    expect(await vault.open(registered)).toBe(registered);
    await vault.close();
  });

  it("seals a staff member's name and email with the user's own key, apart from any customer's", async () => {
    const vault = new PersonalDataVault(SqliteKeyStore.open(join(dir, 'keys.sqlite')));
    const added = {
      type: 'UserAdded',
      data: {
        userId: 'ada',
        name: 'Ada Agent',
        email: 'ada@ledger.test',
        roles: ['agent'],
        occurredAt: '2026-01-01T00:00:00.000Z',
      },
    };
    const sealed = await vault.seal(added);
    expect(JSON.stringify(sealed)).not.toContain('ada@ledger.test');
    expect(sealed.data.roles).toEqual(['agent']);
    // A customer whose id happens to equal the user's is another key: erasing them leaves the user readable.
    await vault.seal(registered);
    await vault.erase('ada');
    expect(await vault.open(sealed)).toEqual(added);
    await vault.erase(userKeyId('ada'));
    expect((await vault.open(sealed)).data).toMatchObject({ name: null, email: null, roles: ['agent'] });
    await vault.close();
  });
});
