// Scenario: importing a purchase file through the product's importer, by default the real CDNOW
// log (69,659 rows) with `--data-dir` (same validation, deciders and event store as the CRM;
// a chunk's commands in one durable commit). Reports rows/s, commands/s, the importer's CPU
// time (the machine is shared: rows per CPU-second is the figure a busy neighbour moves least),
// transactions and the peak RSS. `--smoke` imports the 1-in-10 sample; `--file=`/`--mapping=`
// anything else; `--synthetic[=rows]` a generated shop export (540,000 lines by default, see
// generate-order-lines.ts); `--http` sends to a CRM started for the run, `--concurrency=` batches
// (or --data-dir chunks) in flight (default 4 over HTTP, 2 otherwise), `--batch=` commands per batch (default 500 over HTTP, 1000 otherwise),
// `--batch-rows=` source rows per batch at most (default 5,000), `--state-cache-mb=` the bound on
// the customers' states kept by --data-dir (default 16), `--preparation-young-mb=` the young
// generation of --data-dir's preparation thread (or writer threads) in MB (V8's default, 48, if absent; 96 for writer threads); `--one-thread`
// does all of --data-dir's work on the main thread (no preparation thread): the work itself, measured;
// `--writers=N` splits the customers between N writer threads (writer-threads.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedSink, HttpSink, loadMapping, runImport, type Mapping, type Sink } from '@ledger/import';
import { writeOrderLines } from './generate-order-lines';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { KEYS, startCrmProcess, type RunningCrm } from './support/crm-process';
import { cpuTimes, type CpuTimes } from './support/process-cpu';
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

async function source(args: BenchArgs, dir: string): Promise<{ file: string; mapping: Mapping; note: string }> {
  if (args.options.has('synthetic')) {
    const asked = args.options.get('synthetic') === 'true' ? 540_000 : numberOption(args, 'synthetic', 540_000);
    const rows = args.smoke ? 5000 : asked;
    const file = join(dir, 'order-lines.csv');
    const facts = await writeOrderLines(file, { rows, customers: args.smoke ? 200 : 4000 });
    const note = `synthetic shop export: ${facts.rows} lines, ${facts.invoices} invoices, ${facts.customers} customers`;
    return { file, mapping: { preset: 'transactions' }, note };
  }
  const mappings = join(repoRoot(), 'libs', 'import', 'mappings');
  const file = args.options.get('file') ?? join(cdnowDir(), args.smoke ? 'CDNOW_sample.txt' : 'CDNOW_master.txt');
  const mapping = loadMapping(
    args.options.get('mapping') ?? join(mappings, args.smoke ? 'cdnow-sample.json' : 'cdnow.json'),
  );
  return { file, mapping, note: file };
}

export async function importBench(args: BenchArgs) {
  const http = args.options.has('http');
  return runScenario(http ? 'import-http' : 'import', args, async (notes) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-import-'));
    let crm: RunningCrm | undefined;
    let sink: Sink | undefined;
    try {
      const { file, mapping, note } = await source(args, dir);
      // With writer threads, two chunks per thread, as the CLI sends by default.
      const writers = args.options.has('writers') ? numberOption(args, 'writers', 2) : 0;
      const concurrency = numberOption(args, 'concurrency', http ? 4 : writers > 1 ? 2 * writers : 2);
      const batchSize = numberOption(args, 'batch', http ? 500 : 1000);
      const batchRows = numberOption(args, 'batch-rows', 5000);
      if (http) {
        crm = await startCrmProcess({ durability: 'FULL' });
        sink = new HttpSink(crm.url, KEYS.channel);
      } else {
        const stateCacheMb = numberOption(args, 'state-cache-mb', 0);
        const youngMb = args.options.has('preparation-young-mb')
          ? numberOption(args, 'preparation-young-mb', 0)
          : undefined;
        sink = EmbeddedSink.open(
          join(dir, 'data'),
          { CRM_LOG_LEVEL: 'silent' },
          {
            ...(stateCacheMb > 0 ? { stateCacheBytes: stateCacheMb * 2 ** 20 } : {}),
            ...(youngMb ? { youngGenerationMb: youngMb } : {}),
            ...(args.options.has('one-thread') ? { preparationThread: false } : {}),
            ...(writers > 0 ? { writerThreads: writers } : {}),
          },
        );
      }
      const cpuBefore = cpuTimes();
      const crmCpuBefore = crm ? (await crm.stats()).cpu : undefined;
      const started = process.hrtime.bigint();
      const summary = await runImport({
        file,
        format: mapping.format ?? 'csv',
        mapping,
        sink,
        rejectsFile: join(dir, 'rejects.csv'),
        stateFile: join(dir, 'state.json'),
        batchSize,
        batchRows,
        concurrency,
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = cpuTimes();
      const cpuSeconds = (cpu.processUs - cpuBefore.processUs) / 1e6;
      const mainUs =
        cpu.mainThreadUs !== null && cpuBefore.mainThreadUs !== null ? cpu.mainThreadUs - cpuBefore.mainThreadUs : null;
      const crmStats = crm ? await crm.stats() : undefined;
      const store = crmStats ?? (sink instanceof EmbeddedSink ? sink.stats() : undefined);
      notes.push(
        `${note}; durability FULL; importer's semi-spaces ${semiSpace()}; ${http ? `HTTP, ${concurrency} batches of ${batchSize} in flight` : `--data-dir, ${concurrency} chunks of at most ${batchSize} commands and ${batchRows} rows in flight${args.options.has('one-thread') ? ', all on the main thread' : ''}${writers > 0 ? `, ${writers} writer threads` : ''}`}; customers registered on first sight`,
      );
      log(args, `import: ${summary.rows} rows in ${round(ms / 1000, 1)} s`);
      return {
        rows: summary.rows,
        commands: summary.commands,
        accepted: summary.accepted,
        rejected: summary.rejected,
        seconds: round(ms / 1000, 2),
        rowsPerSecond: perSecond(summary.rows, ms),
        commandsPerSecond: perSecond(summary.commands, ms),
        importerCpuSeconds: round(cpuSeconds, 2),
        rowsPerImporterCpuSecond: Math.round(summary.rows / Math.max(cpuSeconds, 0.001)),
        ...(mainUs !== null ? { importerMainThreadCpuSeconds: round(mainUs / 1e6, 2) } : {}),
        ...(crmStats && crmCpuBefore ? crmCpu(crmStats.cpu, crmCpuBefore, summary.commands) : {}),
        transactions: store?.transactions ?? null,
        events: store?.events ?? null,
        ...(sink instanceof EmbeddedSink ? statesKept(sink) : {}),
        peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      };
    } finally {
      await sink?.close();
      await crm?.stop();
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

/** The semi-space size node was started with, on its command line or in NODE_OPTIONS (`npm run import` and `bench:import` give 32 MB). */
function semiSpace(): string {
  const flags = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join(' ');
  const size = /--max-semi-space-size[= ](\d+)/.exec(flags)?.[1];
  return size ? `${size} MB` : "V8's default (16 MB)";
}

/** The customers' states the --data-dir importer kept at the end, against the bound. */
function statesKept(sink: EmbeddedSink) {
  const { statesKept: states, statesBytes } = sink.stats();
  return { statesKept: states, statesMb: round(statesBytes / 2 ** 20, 1) };
}

/**
 * The CRM's CPU over the import: the whole process, and its main thread alone (the one that
 * parses requests and decides and appends; the read store's writer and the batch preparation run
 * on threads of their own), with µs per command.
 */
function crmCpu(after: CpuTimes, before: CpuTimes, commands: number) {
  const processUs = after.processUs - before.processUs;
  const mainUs =
    after.mainThreadUs !== null && before.mainThreadUs !== null ? after.mainThreadUs - before.mainThreadUs : null;
  return {
    crmCpuSeconds: round(processUs / 1e6, 2),
    crmUsPerCommand: round(processUs / commands, 1),
    ...(mainUs !== null
      ? { crmMainThreadCpuSeconds: round(mainUs / 1e6, 2), crmMainThreadUsPerCommand: round(mainUs / commands, 1) }
      : {}),
  };
}
