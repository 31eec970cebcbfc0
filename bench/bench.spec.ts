// Keeps the harness from rotting: every scenario runs in smoke mode (seconds, tiny sizes) and must
// produce figures and write its file. Nothing here judges speed; docs/benchmarks.md does that.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAll } from './run-all';
import { parseArgs } from './support/args';

// Every scenario in turn, each starting its own processes: minutes on a busy 2-core machine.
jest.setTimeout(240_000);

describe('benchmark harness (smoke)', () => {
  let out: string;
  beforeAll(() => (out = mkdtempSync(join(tmpdir(), 'ledger-bench-smoke-'))));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every scenario tiny and writes figures', async () => {
    const done = await runAll(parseArgs(['--smoke', '--quiet', `--out=${out}`]));
    for (const { file } of Object.values(done)) expect(existsSync(file)).toBe(true);
    const figures = (name: string): any => done[name].report.figures;

    expect(figures('ingest').maxFullPerSecond).toBeGreaterThan(0);
    expect(figures('ingest').maxNormalPerSecond).toBeGreaterThan(0);
    expect(figures('ingest').maxCeilingPerSecond).toBeGreaterThan(0);
    expect(figures('ingest').full[0].eventsPerFsync).toBeGreaterThan(0);
    for (const chart of figures('ingest').charts) expect(existsSync(chart)).toBe(true);

    // wrk is a Debian package, not a dependency: without it the scenario records why it skipped.
    const wrk = figures('ingest-wrk');
    if (wrk.skipped === undefined) {
      expect(wrk.bestSinglePerSecond).toBeGreaterThan(0);
      expect(wrk.bestBatchedPerSecond).toBeGreaterThan(0);
      expect(wrk.diskCeiling.rowsPerSecond).toBeGreaterThan(0);
      expect(wrk.single[0].cpuUsPerCommand.process).toBeGreaterThan(0);
    } else expect(wrk.skipped).toMatch(/wrk/);

    expect(figures('visibility').levels).toHaveLength(3);
    expect(figures('visibility').levels[0].visibilityMs.p50).toBeGreaterThan(0);

    expect(figures('validation').cpuUsPerBody.classValidator).toBeGreaterThan(0);
    expect(figures('validation').cpuUsPerBody.provenValid).toBeGreaterThan(0);
    expect(figures('validation').provenShare).toBe(1); // every body of the mix is proven
    expect(figures('rebuild').replayEventsPerSecond).toBeGreaterThan(0);
    expect(figures('rebuild').killAndResume.resumedFromZero).toBe(false);

    for (const query of ['customer360', 'segmentCounts', 'segmentPage', 'campaignAttribution']) {
      expect(figures('queries')[query].sequentialMs.p50).toBeGreaterThan(0);
    }
    expect(figures('search').inProcessMs.all.p50).toBeGreaterThan(0);
    expect(figures('search').sequentialMs.all.p50).toBeGreaterThan(0);
    expect(figures('audit-replay').endToEndEventsPerSecond).toBeGreaterThan(0);
    // PostgreSQL is never started in smoke mode; the skip is recorded with its reason.
    expect(figures('emmett').skipped).toMatch(/smoke/);
  });
});
