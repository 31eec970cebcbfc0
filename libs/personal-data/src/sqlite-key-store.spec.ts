import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyDestroyed } from './key-store';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteKeyStore } from './sqlite-key-store';

describe('SqliteKeyStore key creation (group commit)', () => {
  let dir: string;
  let file: string;
  const opened: SqliteKeyStore[] = [];
  const open = () => {
    const store = SqliteKeyStore.open(file);
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    file = join(dir, 'keys.sqlite');
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the keys asked for in one turn in one transaction, and answers only once they are committed', async () => {
    const store = open();
    const other = open(); // another connection: sees only what was committed
    const subjects = Array.from({ length: 50 }, (_, i) => `customer-${i}`);
    const pending = Promise.all(subjects.map((s) => store.keyFor(s)));
    expect(other.existingKey('customer-0')).toBeNull();

    const keys = await pending;
    expect(store.stats()).toEqual({ transactions: 1, keys: 50 });
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(50);
    subjects.forEach((s, i) => expect(other.existingKey(s)).toEqual(keys[i]));
  });

  it('answers a lookup of many subjects in one statement the same as one by one', async () => {
    const store = open();
    const subjects = Array.from({ length: 40 }, (_, i) => `customer-${i}`);
    const keys = await Promise.all(subjects.slice(0, 30).map((s) => store.keyFor(s)));
    await store.destroy('customer-3');
    const asked = [...subjects, 'customer-3', 'it\'s "odd" / ٣'];
    const many = await store.lookup(asked);
    const oneByOne = new Map();
    for (const subject of asked) for (const [id, key] of await store.lookup([subject])) oneByOne.set(id, key);
    expect(many).toEqual(oneByOne);
    expect(many.size).toBe(30);
    expect(many.get('customer-3')).toBe('destroyed');
    expect(many.get('customer-7')).toEqual(keys[7]);
    expect(many.has('customer-35')).toBe(false);
  });

  it('answers an existing key at once, without a transaction', async () => {
    const store = open();
    const key = await store.keyFor('ada');
    const before = store.stats();
    await expect(store.keyFor('ada')).resolves.toEqual(key);
    expect(store.stats()).toEqual(before);
  });

  it('gives one key to every request for a subject, even from two connections racing', async () => {
    const first = open();
    const second = open();
    const keys = await Promise.all([first.keyFor('ada'), first.keyFor('ada'), second.keyFor('ada')]);
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
  });

  it('refuses a key whose subject was erased while it was being created', async () => {
    const store = open();
    const pending = store.keyFor('ada');
    await store.destroy('ada');
    await expect(pending).rejects.toBeInstanceOf(KeyDestroyed);
    expect(store.existingKey('ada')).toBeNull();
    await expect(store.keyFor('ada')).rejects.toBeInstanceOf(KeyDestroyed);
  });

  it('stores the keys still queued when it is closed', async () => {
    const store = SqliteKeyStore.open(file);
    const pending = store.keyFor('ada');
    store.close();
    const key = await pending;
    expect(open().existingKey('ada')).toEqual(key);
  });
});

describe('PersonalDataVault sealing for a new customer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-vault-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const contact = (n: number) => ({
    type: 'ContactRecorded',
    data: { customerId: 'ada', contactId: `c-${n}`, reason: `question ${n}` },
  });

  it('creates the key once for concurrent events and seals them all with it, once it is durable', async () => {
    const keys = SqliteKeyStore.open(join(dir, 'keys.sqlite'));
    const vault = new PersonalDataVault(keys);
    const sealed = await Promise.all([1, 2, 3].map((n) => vault.seal(contact(n))));
    expect(keys.stats()).toEqual({ transactions: 1, keys: 1 });
    // Readable through a fresh vault over the file: the key was committed before seal resolved.
    const reader = new PersonalDataVault(SqliteKeyStore.open(join(dir, 'keys.sqlite')));
    expect(await reader.openAll(sealed)).toEqual([1, 2, 3].map(contact));
    await reader.close();
    await vault.close();
  });

  it('refuses to seal when the customer is erased while the key is being created', async () => {
    const vault = new PersonalDataVault(SqliteKeyStore.open(join(dir, 'keys.sqlite')));
    const pending = vault.seal(contact(1));
    await vault.erase('ada');
    await expect(pending).rejects.toBeInstanceOf(KeyDestroyed);
    expect(await vault.isErased('ada')).toBe(true);
    await vault.close();
  });
});
