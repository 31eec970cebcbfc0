// Tamper evidence against truncation and rollback (issue 15): each attack edits the SQLite file
// directly, as someone with access to the data directory would, and `verify` must find it —
// from the store alone where it can, and given a later checkpoint from the witness file always.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, systemClock } from '@ledger/config';
import { GLOBAL_GENESIS, globalHash } from '@ledger/event-store';
import { newTestEvents } from '@ledger/event-store/contract';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { Checkpointer } from '../checkpoints/checkpointer';
import { runVerifyCli } from './verify-cli';

interface Built {
  dir: string;
  witness: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A store with three customers, a checkpoint in the middle and one at the head (at stop). */
async function build(beforeLast?: (dir: string) => void): Promise<Built> {
  const root = mkdtempSync(join(tmpdir(), 'ledger-attack-'));
  dirs.push(root);
  const dir = join(root, 'data');
  const witness = join(root, 'witness', 'checkpoints.ndjson');
  const config = loadConfig({ CRM_DATA_DIR: dir, CRM_CHECKPOINT_WITNESS: witness });
  let store = openEmbeddedEventStore(dir);
  let checkpointer = new Checkpointer(store, config, systemClock);
  await checkpointer.onApplicationBootstrap();
  await store.append('customer-a', newTestEvents(3), 'no_stream');
  await store.append('customer-b', newTestEvents(2), 'no_stream');
  await store.append('customer-c', newTestEvents(2), 'no_stream');
  await checkpointer.checkpointNow();
  if (beforeLast) {
    await checkpointer.beforeApplicationShutdown();
    await store.close();
    beforeLast(dir);
    store = openEmbeddedEventStore(dir);
    checkpointer = new Checkpointer(store, config, systemClock);
    await checkpointer.onApplicationBootstrap();
  }
  await store.append('customer-a', newTestEvents(1), 2);
  await checkpointer.beforeApplicationShutdown();
  await store.close();
  return { dir, witness };
}

async function verify(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runVerifyCli(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

function edit(dir: string, work: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'events.sqlite'));
  work(db);
  db.close();
}

/** Rewrites positions 1… and every global hash, as a careful attacker would after deleting rows. */
function renumberAndRehash(db: Database.Database): void {
  const rows = db
    .prepare<[], { position: number; hash: string }>('SELECT position, hash FROM events ORDER BY position')
    .all();
  let previous = GLOBAL_GENESIS;
  rows.forEach((row, i) => {
    previous = globalHash(previous, i + 1, row.hash);
    db.prepare('UPDATE events SET position = ?, global_hash = ? WHERE position = ?').run(i + 1, previous, row.position);
  });
}

describe('verify: truncation and rollback', () => {
  it('verifies an intact store and its witness, printing what it verified', async () => {
    const { dir, witness } = await build();
    const lines = readFileSync(witness, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const { code, output } = await verify('--data-dir', dir, '--checkpoints', witness);
    expect(output).toContain('checking 2 checkpoints from');
    expect(output).toMatch(
      /verified 3 streams, 8 events \(the global chain up to position 8\), 2 signed checkpoints \(latest at position 8/,
    );
    expect(code).toBe(0);
    expect((await verify('--data-dir', dir, '--public-key', join(dir, 'checkpoint-key.pem'))).code).toBe(0);
  });

  it("finds a stream's deleted last event from the stream's recorded head", async () => {
    const { dir } = await build();
    edit(dir, (db) => db.prepare("DELETE FROM events WHERE stream_id = 'customer-a' AND revision = 3").run());
    const { code, output } = await verify('--data-dir', dir);
    expect(output).toMatch(/BROKEN: customer a, revision 3: the store records revision 3/);
    expect(output).toContain('reason tail_missing');
    expect(code).toBe(1);
  });

  it("finds a stream's last N events deleted with its head and the stored checkpoints rewritten, given the witness", async () => {
    const { dir, witness } = await build();
    edit(dir, (db) => {
      const kept = db.prepare("SELECT hash FROM events WHERE stream_id = 'customer-a' AND revision = 0").pluck().get();
      db.prepare("DELETE FROM events WHERE stream_id = 'customer-a' AND revision >= 1").run();
      db.prepare("UPDATE streams SET revision = 0, last_hash = ? WHERE stream_id = 'customer-a'").run(kept);
      renumberAndRehash(db);
      db.prepare('DELETE FROM checkpoints').run();
    });
    // Consistent as far as the store itself can tell…
    expect((await verify('--data-dir', dir)).code).toBe(0);
    // …but the log no longer leads to the checkpoints kept outside it.
    const { code, output } = await verify('--data-dir', dir, '--checkpoints', witness);
    expect(output).toMatch(/BROKEN: checkpoint at position \d+ .*(log ends at|does not hash)/);
    expect(code).toBe(1);
  });

  it('finds a whole stream deleted: a gap in the log, or, renumbered, a mismatch with the witness', async () => {
    const { dir, witness } = await build();
    edit(dir, (db) => {
      db.prepare("DELETE FROM events WHERE stream_id = 'customer-b'").run();
      db.prepare("DELETE FROM streams WHERE stream_id = 'customer-b'").run();
    });
    const gap = await verify('--data-dir', dir);
    expect(gap.output).toMatch(/BROKEN: global chain at position 6: expected position 4, found 6/);
    expect(gap.code).toBe(1);
    edit(dir, (db) => {
      renumberAndRehash(db);
      db.prepare('DELETE FROM checkpoints').run();
    });
    const { code, output } = await verify('--data-dir', dir, '--checkpoints', witness);
    expect(output).toMatch(/BROKEN: checkpoint at position 7 .*the log ends at 6/);
    expect(code).toBe(1);
  });

  it('finds an older copy of the store restored over the current one, given a later checkpoint', async () => {
    let older = '';
    const { dir, witness } = await build((data) => {
      older = mkdtempSync(join(tmpdir(), 'ledger-older-'));
      dirs.push(older);
      copyFileSync(join(data, 'events.sqlite'), join(older, 'events.sqlite'));
    });
    copyFileSync(join(older, 'events.sqlite'), join(dir, 'events.sqlite'));
    rmSync(join(dir, 'events.sqlite-wal'), { force: true });
    rmSync(join(dir, 'events.sqlite-shm'), { force: true });
    // The old copy is consistent in itself, its own checkpoints included.
    expect((await verify('--data-dir', dir)).code).toBe(0);
    const { code, output } = await verify('--data-dir', dir, '--checkpoints', witness);
    expect(output).toMatch(/attests position 8, but the log ends at 7: .*older copy of the store was restored/);
    expect(code).toBe(1);
  });

  it('refuses a forged witness entry, and one signed by another key than the trusted one', async () => {
    const { dir, witness } = await build();
    const [first] = readFileSync(witness, 'utf8').trim().split('\n');
    const forged = join(dir, '..', 'forged.ndjson');
    writeFileSync(forged, `${JSON.stringify({ ...JSON.parse(first), position: 3 })}\n`);
    const { code, output } = await verify('--data-dir', dir, '--checkpoints', forged);
    expect(output).toMatch(/BROKEN: checkpoint at position 3 .*bad signature/);
    expect(code).toBe(1);
    const other = await build();
    const untrusted = await verify('--data-dir', dir, '--public-key', join(other.dir, 'checkpoint-key.pem'));
    expect(untrusted.output).toMatch(/not signed by the trusted key/);
    expect(untrusted.code).toBe(1);
  });

  it('refuses a missing or empty data directory with exit code 2, creating nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-nothing-'));
    dirs.push(root);
    const missing = join(root, 'typo');
    const gone = await verify('--data-dir', missing);
    expect(gone).toEqual({ code: 2, output: expect.stringMatching(/^verify refused: no data directory at '.*typo'/) });
    expect(existsSync(missing)).toBe(false);
    const empty = await verify('--data-dir', root);
    expect(empty).toEqual({
      code: 2,
      output: expect.stringMatching(/verify refused: the data directory '.*' is empty/),
    });
    writeFileSync(join(root, 'notes.txt'), 'not a store');
    expect((await verify('--data-dir', root)).output).toMatch(/holds no event store/);
    expect(existsSync(join(root, 'events.sqlite'))).toBe(false);
    expect((await verify('--data-dir')).code).toBe(2);
  });

  it('refuses a misspelt option instead of verifying without it (a witness left unchecked)', async () => {
    const { dir, witness } = await build();
    const misspelt = await verify('--data-dir', dir, '--checkpoint', witness);
    expect(misspelt.code).toBe(2);
    expect(misspelt.output).toMatch(/^unknown option '--checkpoint'\nusage: npm run verify/);
    expect(await verify('--data-dir', dir, '--checkpoints')).toMatchObject({ code: 2 });
    expect((await verify('--data-dir', dir, '--checkpoints', witness)).code).toBe(0);
  });
});
