// Scenario: importing the real CDNOW purchase log (69,659 rows) with `--data-dir`, through the
// product's importer (same validation, deciders, event store and group commit as the CRM).
// Reports rows/s, commands/s and the process's peak RSS. `--smoke` imports the 1-in-10 sample;
// `--file=` and `--mapping=` import anything else.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedSink, loadMapping, runImport } from '@ledger/import';
import { log, parseArgs, type BenchArgs } from './support/args';
import { repoRoot, runScenario } from './support/results';
import { perSecond, round } from './support/stats';

/** The shared data sits beside the repository (../shared); a worktree is one level deeper. */
function cdnowDir(): string {
  const root = repoRoot();
  const found = [
    resolve(root, '..', 'shared', 'data', 'cdnow'),
    resolve(root, '..', '..', 'shared', 'data', 'cdnow'),
  ].find((dir) => existsSync(dir));
  if (!found) throw new Error('CDNOW data not found at ../shared/data/cdnow');
  return found;
}

export async function importBench(args: BenchArgs) {
  const mappings = join(repoRoot(), 'libs', 'import', 'mappings');
  const file = args.options.get('file') ?? join(cdnowDir(), args.smoke ? 'CDNOW_sample.txt' : 'CDNOW_master.txt');
  const mapping = loadMapping(
    args.options.get('mapping') ?? join(mappings, args.smoke ? 'cdnow-sample.json' : 'cdnow.json'),
  );
  return runScenario('import', args, async (notes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
    const sink = EmbeddedSink.open(join(dir, 'data'), { CRM_LOG_LEVEL: 'silent' });
    try {
      const started = process.hrtime.bigint();
      const summary = await runImport({
        file,
        format: mapping.format ?? 'csv',
        mapping,
        sink,
        rejectsFile: join(dir, 'rejects.csv'),
        stateFile: join(dir, 'state.json'),
        batchSize: 1000,
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      notes.push(`${file}; durability FULL; batches of 1000 commands; customers registered on first sight`);
      log(args, `import: ${summary.rows} rows in ${round(ms / 1000, 1)} s`);
      return {
        rows: summary.rows,
        commands: summary.commands,
        accepted: summary.accepted,
        rejected: summary.rejected,
        seconds: round(ms / 1000, 2),
        rowsPerSecond: perSecond(summary.rows, ms),
        commandsPerSecond: perSecond(summary.commands, ms),
        peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      };
    } finally {
      await sink.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  importBench(parseArgs()).then(
    ({ report }) => console.log(JSON.stringify(report.figures, null, 2)),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
