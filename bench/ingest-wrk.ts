// Scenario ingest-wrk (issue 12): the bench mix driven by wrk instead of autocannon, single
// commands and batches of 50, durable (FULL), with the three ceilings measured in the same run
// (bare node:http, a no-op route on our Nest + Fastify stack, the disk at 1,000 rows per
// transaction), the generator's CPU beside every figure and the CRM's CPU per command from its
// process and main-thread CPU time.
import { log, listOption, numberOption, parseArgs, type BenchArgs } from './support/args';
import { exited, forkEntry, nextMessage } from './support/child';
import { registerCustomers } from './support/command-mix';
import { startCrmProcess, type RunningCrm } from './support/crm-process';
import { measureDiskCeiling } from './support/disk-ceiling';
import { runScenario } from './support/results';
import { round } from './support/stats';
import { runWrk, wrkAvailable, type WrkResult } from './support/wrk';

export interface CrmPoint extends WrkResult {
  batch: number;
  /** Events appended per second from the store's counters (every command of the mix appends one). */
  commandsPerSecond: number;
  eventsPerFsync: number;
  cpuUsPerCommand: { process: number; mainThread: number | null };
  /** The CRM's CPU over the run, in cores (2 = both cores busy). */
  crmCpuCores: number;
}

async function sweepChild(entry: string, connections: number[], batch: number, durationS: number) {
  const child = forkEntry(entry, {});
  try {
    const { url } = await nextMessage<{ type: string; url: string }>(child, (m) => m.type === 'ready');
    await warmUp(url, batch, durationS);
    const points: WrkResult[] = [];
    for (const c of connections) {
      points.push(await runWrk({ url, connections: c, durationS, customers: 1000, runId: `ceiling-${c}`, batch }));
    }
    return points;
  } finally {
    if (child.connected) child.send({ type: 'stop' });
    await exited(child);
  }
}

/** A short unrecorded run first, so no figure includes the JIT compiling the hot path. */
async function warmUp(url: string, batch: number, durationS: number, customers = 1000): Promise<void> {
  if (durationS < 2) return; // smoke: nothing is judged, and the suite's time matters more
  const seconds = Math.max(1, Math.round(durationS / 5));
  await runWrk({ url, connections: 8, durationS: seconds, customers, runId: `warm-${batch}-${Date.now()}`, batch });
}

async function measureCrm(crm: RunningCrm, connections: number, batch: number, durationS: number, customers: number) {
  const before = await crm.stats();
  const load = await runWrk({
    url: crm.url,
    connections,
    durationS,
    customers,
    runId: `crm-${batch}-${connections}-${Date.now().toString(36)}`,
    batch,
  });
  const after = await crm.stats();
  const events = Math.max(1, after.events - before.events);
  const fsyncs = Math.max(1, after.transactions - before.transactions);
  const mainThread =
    after.cpu.mainThreadUs === null || before.cpu.mainThreadUs === null
      ? null
      : round((after.cpu.mainThreadUs - before.cpu.mainThreadUs) / events, 1);
  const point: CrmPoint = {
    ...load,
    batch,
    commandsPerSecond: Math.round(events / load.durationS),
    eventsPerFsync: round(events / fsyncs, 2),
    cpuUsPerCommand: { process: round((after.cpu.processUs - before.cpu.processUs) / events, 1), mainThread },
    crmCpuCores: round((after.cpu.processUs - before.cpu.processUs) / 1e6 / load.durationS, 2),
  };
  return point;
}

export async function ingestWrk(args: BenchArgs) {
  return runScenario('ingest-wrk', args, async (notes) => {
    if (!wrkAvailable()) {
      notes.push('wrk is not installed (apt-get install -y wrk): nothing measured');
      return { skipped: 'wrk not installed' };
    }
    const single = listOption(args, 'concurrency', args.smoke ? [4] : [16, 64, 256]);
    const batched = listOption(args, 'batch-concurrency', args.smoke ? [2] : [2, 8, 32]);
    const batchSize = numberOption(args, 'batch-size', 50);
    const durationS = numberOption(args, 'duration', args.smoke ? 1 : 10);
    const customers = numberOption(args, 'customers', args.smoke ? 50 : 5000);
    notes.push(`wrk -t2 with a Lua mix (70% contacts, 15% purchases, 5% complaints, 5% feedback, 5% registrations)`);
    notes.push('generatorCpuCores: wrk user+system CPU ÷ wall time (bash time); cpuUsPerCommand from /proc');

    const disk = measureDiskCeiling(args.smoke ? 0.5 : 5);
    log(args, `disk ceiling: ${disk.rowsPerSecond} rows/s (FULL, ${disk.rowsPerTransaction} rows per transaction)`);
    const http = await sweepChild('support/http-ceiling-child', single, 0, durationS);
    const noop = await sweepChild('support/noop-nest-child', single, 0, durationS);
    const noopBatch = await sweepChild('support/noop-nest-child', batched, batchSize, durationS);
    for (const p of [...http, ...noop]) log(args, `ceiling c=${p.connections}: ${p.requestsPerSecond} req/s`);

    const crm = await startCrmProcess({ durability: 'FULL' });
    const singlePoints: CrmPoint[] = [];
    const batchPoints: CrmPoint[] = [];
    try {
      await registerCustomers(crm.url, customers);
      await warmUp(crm.url, 0, durationS, customers);
      for (const c of single) singlePoints.push(await measureCrm(crm, c, 0, durationS, customers));
      for (const c of batched) batchPoints.push(await measureCrm(crm, c, batchSize, durationS, customers));
    } finally {
      await crm.stop();
    }
    for (const p of [...singlePoints, ...batchPoints]) {
      log(
        args,
        `crm batch=${p.batch} c=${p.connections}: ${p.commandsPerSecond} cmd/s, p99 ${p.latencyMs.p99} ms, ` +
          `main thread ${p.cpuUsPerCommand.mainThread} µs/cmd, wrk ${p.generatorCpuCores} cores`,
      );
    }
    const best = <T>(points: T[], figure: (p: T) => number) => Math.max(...points.map(figure));
    const bestSingle = best(singlePoints, (p) => p.commandsPerSecond);
    const bestBatch = best(batchPoints, (p) => p.commandsPerSecond);
    const bestHttp = best(http, (p) => p.requestsPerSecond);
    const bestNoop = best(noop, (p) => p.requestsPerSecond);
    return {
      durationS,
      batchSize,
      diskCeiling: disk,
      httpCeiling: http,
      noopNestCeiling: noop,
      noopNestBatchCeiling: noopBatch,
      single: singlePoints,
      batched: batchPoints,
      bestSinglePerSecond: bestSingle,
      bestBatchedPerSecond: bestBatch,
      singleOverHttp: round(bestSingle / Math.max(1, bestHttp), 3),
      singleOverNoopNest: round(bestSingle / Math.max(1, bestNoop), 3),
      batchedOverDisk: round(bestBatch / Math.max(1, disk.rowsPerSecond), 3),
    };
  });
}

if (require.main === module) {
  ingestWrk(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
