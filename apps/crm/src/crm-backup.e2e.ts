// Backup and restore (issue 15): an online backup of a running CRM under write load, restored
// into a new directory, verifies against the backup's last signed checkpoint, and a CRM started
// on it answers a customer's 360 exactly as the original does.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyCli } from '@ledger/audit';
import { runBackupCli, runRestoreCli } from '@ledger/platform';
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: backup and restore', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  const backup = join(root, 'backup');
  const restored = join(root, 'restored');
  let crm: CrmUnderTest;
  let copy: CrmUnderTest | null = null;

  beforeAll(async () => {
    crm = await CrmUnderTest.start({ env: { CRM_CHECKPOINT_EVERY_EVENTS: '25' } });
  });
  afterAll(async () => {
    await copy?.stop();
    await crm.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function customer(id: string): Promise<void> {
    const registered = await crm.post('/customers', {
      customerId: id,
      kind: 'person',
      name: `Name ${id}`,
      city: 'Oslo',
    });
    expect(registered.status).toBe(201);
    await crm.post(`/customers/${id}/contacts`, { channel: 'phone', direction: 'inbound', reason: 'billing' });
    await crm.post(`/customers/${id}/purchases`, {
      orderId: `o-${id}`,
      lines: [{ sku: 'GRD-1', quantity: 1, unitPrice: 80 }],
      currency: 'EUR',
      channel: 'web',
    });
  }

  it('backs up while the CRM takes writes, restores into a new directory, verifies and answers alike', async () => {
    for (let i = 0; i < 40; i++) await customer(`before-${i}`);
    const head = await crm.head();
    const original = await crm.get(`/customers/before-7?minPosition=${head}`, 'agent');
    expect(original.status).toBe(200);

    let writing = true;
    let written = 0;
    const load = (async () => {
      while (writing) await customer(`during-${written++}`);
    })();
    const lines: string[] = [];
    // Small steps: the copy spans many turns of the event loop, with the CRM's writes in between.
    const argv = ['--to', backup, '--data-dir', crm.dataDir, '--pages-per-step', '2'];
    const code = await runBackupCli(argv, (line) => lines.push(line));
    writing = false;
    await load;
    expect(code).toBe(0);
    expect(written).toBeGreaterThanOrEqual(3);
    const output = lines.join('\n');
    // derived-events.sqlite: the segment events and the webhook outbox (libs/derived-events);
    // sign-in.sqlite: password hashes, sessions and machine keys (libs/people).
    for (const file of [
      'read-models.sqlite',
      'events.sqlite',
      'keys.sqlite',
      'audit-access.sqlite',
      'derived-events.sqlite',
      'sign-in.sqlite',
    ]) {
      expect(output).toMatch(new RegExp(`${file.replace('.', '\\.')}: done, \\d+ pages`));
      expect(existsSync(join(backup, file))).toBe(true);
    }
    expect(output).toMatch(
      /backup complete: 7 files, event log up to position \d+, last signed checkpoint at position \d+/,
    );
    const manifest = JSON.parse(readFileSync(join(backup, 'backup.json'), 'utf8'));
    expect(manifest.eventLogHead).toBeGreaterThanOrEqual(head);
    expect(manifest.lastCheckpoint.position).toBeGreaterThanOrEqual(25);

    const restoring: string[] = [];
    expect(await runRestoreCli(['--from', backup, '--data-dir', restored], (line) => restoring.push(line))).toBe(0);
    const verified: string[] = [];
    const witness = join(backup, 'checkpoint.ndjson');
    expect(await runVerifyCli(['--data-dir', restored, '--checkpoints', witness], (l) => verified.push(l))).toBe(0);
    expect(verified.join('\n')).toContain(
      `latest at position ${manifest.lastCheckpoint.position.toLocaleString('en-US')}`,
    );

    copy = await CrmUnderTest.start({ dataDir: restored });
    const answer = await copy.get(`/customers/before-7?minPosition=${head}`, 'agent');
    expect(answer.status).toBe(200);
    // `readAt` is when the query ran; everything else is the same customer 360.
    expect({ ...answer.body, readAt: null }).toEqual({ ...original.body, readAt: null });
    expect(await copy.head()).toBe(manifest.eventLogHead);
  });

  it('refuses to restore over a non-empty directory unless forced, and a damaged backup always', async () => {
    const target = join(root, 'occupied');
    const lines: string[] = [];
    expect(await runRestoreCli(['--from', backup, '--data-dir', crm.dataDir], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/restore refused: '.*' is not empty .*--force/);
    lines.length = 0;
    // Forced over the running CRM's directory: refused, its files untouched.
    const entries = readdirSync(crm.dataDir).sort();
    expect(await runRestoreCli(['--from', backup, '--data-dir', crm.dataDir, '--force'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/restore refused: '.*' is in use by a running CRM \(or an import\): stop it/);
    expect(readdirSync(crm.dataDir).sort()).toEqual(entries); // nothing removed under it
    expect((await crm.request('GET', '/health')).status).toBe(200);
    expect(await runRestoreCli(['--from', backup, '--data-dir', target], () => undefined)).toBe(0);
    expect(await runRestoreCli(['--from', backup, '--data-dir', target, '--force'], () => undefined)).toBe(0);
    // A misspelt flag is refused, not taken for "no --force".
    const misspelt: string[] = [];
    expect(await runRestoreCli(['--from', backup, '--data-dir', target, '--froce'], (l) => misspelt.push(l))).toBe(2);
    expect(misspelt.join('\n')).toMatch(/^unknown option '--froce'\nusage: npm run restore/);
    writeFileSync(join(backup, 'keys.sqlite'), 'damaged');
    lines.length = 0;
    expect(
      await runRestoreCli(['--from', backup, '--data-dir', join(root, 'new'), '--force'], (l) => lines.push(l)),
    ).toBe(2);
    expect(lines.join('\n')).toMatch(/keys\.sqlite does not match its SHA-256/);
    expect(existsSync(join(root, 'new'))).toBe(false);
    expect(await runBackupCli(['--to', backup, '--data-dir', crm.dataDir], (l) => lines.push(l))).toBe(2);
    expect(await runBackupCli(['--to', join(root, 'b2'), '--data-dir', join(root, 'typo')], (l) => lines.push(l))).toBe(
      2,
    );
  });
});
