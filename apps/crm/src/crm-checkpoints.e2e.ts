// Signed checkpoints on the running CRM: made every N events, published at GET /audit/checkpoints
// (auditors and admins), appended to the witness file, and a last one at a normal stop, so the
// offline verify can check the store against them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyCli } from '@ledger/audit';
import { CrmUnderTest } from './test-support/crm-under-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crm: signed checkpoints', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-checkpoints-'));
  const dataDir = join(root, 'data');
  const witness = join(root, 'witness.ndjson');
  let crm: CrmUnderTest;

  beforeAll(async () => {
    crm = await CrmUnderTest.start({
      dataDir,
      env: { CRM_CHECKPOINT_EVERY_EVENTS: '3', CRM_CHECKPOINT_INTERVAL_MS: '3600000', CRM_CHECKPOINT_WITNESS: witness },
    });
  });
  afterAll(async () => {
    await crm.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('checkpoints every N events, publishes them to auditors and admins, and appends them to the witness', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await crm.post('/customers', { customerId: `cp-${i}`, kind: 'person', name: `C ${i}` })).status).toBe(
        201,
      );
    }
    let reply = await crm.get('/audit/checkpoints', 'auditor');
    for (let i = 0; i < 100 && reply.body.checkpoints.length === 0; i++) {
      await sleep(20);
      reply = await crm.get('/audit/checkpoints', 'auditor');
    }
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ enabled: true, head: { position: 4 }, publicKey: expect.any(String) });
    const [first] = reply.body.checkpoints;
    // Checked a few times a second: the first one is made at 3 or 4 events, depending on timing.
    expect(first.position).toBeGreaterThanOrEqual(3);
    expect(first).toEqual({
      position: first.position,
      globalHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: expect.any(String),
      publicKey: reply.body.publicKey,
      signature: expect.any(String),
    });
    expect(JSON.parse(readFileSync(witness, 'utf8').trim().split('\n')[0])).toEqual(first);
    expect((await crm.get('/audit/checkpoints', 'admin')).status).toBe(200);
    for (const role of ['agent', 'analyst', 'channel'] as const) {
      expect((await crm.get('/audit/checkpoints', role)).status).toBe(403);
    }
    expect((await crm.get('/audit/checkpoints?limit=0', 'auditor')).body.field).toBe('limit');
    const spec = await crm.get('/docs/openapi.json', null);
    expect(spec.body.paths['/audit/checkpoints']).toBeDefined();
  });

  it('makes a last checkpoint at a normal stop; the stopped store verifies against the witness', async () => {
    await crm.post('/customers', { customerId: 'cp-late', kind: 'person', name: 'Late' });
    await crm.stop({ keepData: true });
    const entries = readFileSync(witness, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const positions = entries.map((entry) => entry.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions[positions.length - 1]).toBe(5);
    const lines: string[] = [];
    expect(await runVerifyCli(['--data-dir', dataDir, '--checkpoints', witness], (line) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toMatch(/verified 5 streams, 5 events .*latest at position 5/);
    crm = await CrmUnderTest.start({ dataDir });
  });
});
