import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, systemClock } from '@ledger/config';
import { checkpointSignatureValid } from '@ledger/event-store';
import { newTestEvents } from '@ledger/event-store/contract';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { CheckpointKeyUnusable, GENERATED_KEY_FILE, loadCheckpointKey } from './checkpoint-key';
import { Checkpointer } from './checkpointer';

describe('Checkpointer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-checkpointer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints after the interval when fewer than N events arrived, and not for an idle log', async () => {
    const config = loadConfig({ CRM_DATA_DIR: dir, CRM_CHECKPOINT_INTERVAL_MS: '150' });
    const store = openEmbeddedEventStore(dir);
    const checkpointer = new Checkpointer(store, config, systemClock);
    await checkpointer.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await store.checkpoints(0, 10)).toEqual([]);
    await store.append('customer-a', newTestEvents(2), 'no_stream');
    // 2 events, far below the default 1,000: only the interval can have made it.
    for (let i = 0; i < 250 && (await store.checkpoints(0, 10)).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [made] = await store.checkpoints(0, 10);
    expect(made).toMatchObject({ position: 2, globalHash: (await store.globalHead()).globalHash });
    expect(checkpointSignatureValid(made, checkpointer.publicKey ?? undefined)).toBe(true);
    await checkpointer.beforeApplicationShutdown();
    expect(await store.checkpoints(0, 10)).toHaveLength(1); // nothing new at stop
    await store.close();
  });

  it('generates its key into the data directory once, readable by the owner only', () => {
    const first = loadCheckpointKey(null, dir);
    expect(statSync(join(dir, GENERATED_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadCheckpointKey(null, dir);
    expect(again.export({ type: 'pkcs8', format: 'der' })).toEqual(first.export({ type: 'pkcs8', format: 'der' }));
  });

  it('takes a configured Ed25519 key and refuses any other kind', () => {
    const ed = join(dir, 'ed.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(loadCheckpointKey(ed, join(dir, 'data')).asymmetricKeyType).toBe('ed25519');
    const ec = join(dir, 'ec.pem');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(ec, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadCheckpointKey(ec, dir)).toThrow(CheckpointKeyUnusable);
    expect(() => loadCheckpointKey(join(dir, 'missing.pem'), dir)).toThrow(/missing.pem/);
  });
});
