// Scenario 1, ingest: the real CRM in a child process, N pre-registered customers, then the
// channel command mix at a concurrency sweep, durable (FULL) and, labelled, NORMAL; the bare
// node:http ceiling is swept in the same run. Events per fsync come from the store's own counters.
import { join } from 'node:path';
import { measureHttpCeiling } from './baseline-http';
import { listOption, log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { mixedRequests, registerCustomers } from './support/command-mix';
import { startCrmProcess } from './support/crm-process';
import { writeIngestCharts } from './support/ingest-charts';
import { runLoad, type LoadResult } from './support/load';
import { repoRoot, resultsDir, runScenario } from './support/results';
import { round } from './support/stats';

export interface IngestPoint extends LoadResult {
  durability: 'FULL' | 'NORMAL';
  eventsPerFsync: number;
  appendsPerFsync: number;
}

async function sweep(
  args: BenchArgs,
  durability: 'FULL' | 'NORMAL',
  customers: number,
  concurrencies: number[],
  durationS: number,
): Promise<IngestPoint[]> {
  const crm = await startCrmProcess({ durability });
  try {
    await registerCustomers(crm.url, customers);
    const points: IngestPoint[] = [];
    for (const connections of concurrencies) {
      const before = await crm.stats();
      const runId = `${durability}-${connections}-${Date.now().toString(36)}`;
      const load = await runLoad({
        url: crm.url,
        connections,
        duration: durationS,
        requests: mixedRequests(customers, runId),
      });
      const after = await crm.stats();
      const fsyncs = Math.max(1, after.transactions - before.transactions);
      const point: IngestPoint = {
        ...load,
        durability,
        eventsPerFsync: round((after.events - before.events) / fsyncs, 2),
        appendsPerFsync: round((after.appends - before.appends) / fsyncs, 2),
      };
      log(args, `ingest ${durability} c=${connections}: ${point.perSecond}/s p99 ${point.latencyMs.p99} ms`);
      points.push(point);
    }
    return points;
  } finally {
    await crm.stop();
  }
}

export async function ingest(args: BenchArgs) {
  const concurrencies = listOption(args, 'concurrency', args.smoke ? [1, 8] : [1, 8, 32, 64, 128]);
  const durationS = numberOption(args, 'duration', args.smoke ? 1 : 10);
  const customers = numberOption(args, 'customers', args.smoke ? 50 : 5000);
  return runScenario('ingest', args, async (notes) => {
    notes.push(`mix 70% contacts, 15% purchases, 5% complaints, 5% feedback, 5% registrations; ${customers} customers`);
    notes.push(
      'events per fsync: SqliteEventStore.stats() read over IPC from the crm child (bench/support/crm-child.ts)',
    );
    const full = await sweep(args, 'FULL', customers, concurrencies, durationS);
    const normal = await sweep(args, 'NORMAL', customers, concurrencies, durationS);
    const ceiling = await measureHttpCeiling(concurrencies, durationS);
    const best = (points: LoadResult[]) => Math.max(...points.map((p) => p.perSecond));
    const charts = writeIngestCharts(
      { full, normal, httpCeiling: ceiling },
      args.smoke ? resultsDir(args) : join(repoRoot(), 'docs'),
    );
    return {
      durationS,
      full,
      normal,
      httpCeiling: ceiling,
      maxFullPerSecond: best(full),
      maxNormalPerSecond: best(normal),
      maxCeilingPerSecond: best(ceiling),
      fullOverCeiling: round(best(full) / Math.max(1, best(ceiling)), 3),
      charts,
    };
  });
}

if (require.main === module) {
  ingest(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
