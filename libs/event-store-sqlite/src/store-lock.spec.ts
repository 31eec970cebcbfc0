// The CRM's processes share an event store; an import with --data-dir needs it alone, and is
// refused (as the CRM is, while an import runs) instead of writing beside another writer. The lock
// dies with its process, kill -9 included: never stale.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';
import { EventStoreInUse, StoreLock, type StoreLockMode } from './store-lock';

jest.setTimeout(30_000);

const ROOT = join(__dirname, '..', '..', '..');
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-store-lock-'));
  file = join(dir, 'events.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (lock?: StoreLockMode) => SqliteEventStore.open({ file, lock });

describe('event store lock', () => {
  it('lets stores share the file, and refuses one that needs it alone while another is open', async () => {
    const crm = open();
    const verifier = open('shared');
    expect(() => open('exclusive')).toThrow(EventStoreInUse);
    expect(() => open('exclusive')).toThrow(/is open in another process \(a CRM, an import or a tool\)/);
    await crm.close();
    expect(() => open('exclusive')).toThrow(EventStoreInUse);
    await verifier.close();
    const importer = open('exclusive');
    expect(() => open()).toThrow(/is open alone in another process \(an import with --data-dir, or a restore\)/);
    expect(() => open('exclusive')).toThrow(EventStoreInUse);
    await importer.close();
    await open().close();
    expect(statSync(`${file}.lock`).size).toBe(0); // it holds nothing, ever (files-on-disk.ts skips it)
  });

  it('takes no lock for a reader of a snapshot, and creates nothing when refused', async () => {
    const importer = open('exclusive');
    const reader = SqliteEventStore.open({ file, lock: 'none' });
    await reader.close();
    const elsewhere = join(dir, 'other.sqlite');
    const holder = StoreLock.take(elsewhere, 'exclusive');
    expect(() => SqliteEventStore.open({ file: elsewhere })).toThrow(EventStoreInUse);
    expect(existsSync(elsewhere)).toBe(false); // refused before the store was created
    holder.release();
    await importer.close();
  });

  it('is held across processes, and let go when the holder is killed (kill -9)', async () => {
    const holder = `
      const { SqliteEventStore } = require(${JSON.stringify(join(__dirname, 'sqlite-event-store'))});
      SqliteEventStore.open({ file: ${JSON.stringify(file)}, lock: 'exclusive' });
      process.stdout.write('held\\n');
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register-ts.cjs'), '-e', holder]);
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        child.on('exit', (code) => reject(new Error(`the holder exited (${code})`)));
      });
      expect(() => open()).toThrow(EventStoreInUse);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    const after = open('exclusive');
    await after.close();
  });
});
