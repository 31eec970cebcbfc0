// Segment history at scale (issue 13: a 2-year monthly chart over 1M customers in ≤ 2 s).
// Synthetic analytics documents (registrations over three years, 60 % one-time buyers, a long
// tail of frequent ones, some returns) are flattened into the history columns once (what the
// query service does once per population version), then 2-year monthly histories are timed:
// two RFM segments (population-ranked R and M at every instant) and a lifecycle stage.
import { historyColumns, segmentHistory, type HistoryDimension } from '@ledger/analytics';
import {
  emptyCustomerAnalytics,
  type CustomerAnalytics,
  type LifecycleStage,
  type RfmSegment,
} from '@ledger/projections';
import { Random } from '@ledger/testing';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { runScenario } from './support/results';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const SPAN_DAYS = 3 * 365;

function population(size: number, rng: Random): CustomerAnalytics[] {
  const docs: CustomerAnalytics[] = [];
  for (let c = 0; c < size; c++) {
    const registered = START + rng.int(0, SPAN_DAYS - 1) * DAY + rng.int(0, 23) * 3_600_000;
    const roll = rng.next();
    const count = roll < 0.2 ? 0 : roll < 0.68 ? 1 : roll < 0.85 ? 2 + rng.int(0, 2) : 4 + rng.int(0, 20);
    const times: number[] = [];
    for (let p = 0; p < count; p++) times.push(registered + rng.int(0, START + SPAN_DAYS * DAY - registered));
    times.sort((a, b) => a - b);
    const purchases = times.map((at, p): CustomerAnalytics['purchases'][number] => [
      at,
      Math.round(rng.exponential(60) * 100 + 99) / 100,
      `o${c}-${p}`,
      0,
      null,
    ]);
    const returns: CustomerAnalytics['returns'] =
      purchases.length > 0 && rng.chance(0.05) ? [[purchases[0][0] + 5 * DAY, 5, purchases[0][2]]] : [];
    docs.push({
      ...emptyCustomerAnalytics(`c${c}`),
      kind: 'person',
      country: 'DE',
      registeredAt: new Date(registered).toISOString(),
      purchases,
      returns,
      lastPosition: c + 1,
    });
  }
  return docs;
}

/** 25 month ends from 2025-01-31 to 2026-12-31 (the first is the baseline), as the endpoint makes them. */
function monthEnds(): number[] {
  return Array.from({ length: 25 }, (_, k) => Date.UTC(2024, 12 + k, 0, 23, 59, 59, 999));
}

export async function segmentHistoryBench(args: BenchArgs) {
  const customers = numberOption(args, 'customers', args.smoke ? 5000 : 1_000_000);
  return runScenario('segment-history', args, async (notes) => {
    notes.push(`${customers} customers, 25 instants (a baseline and 24 month ends), one thread`);
    let t = performance.now();
    const docs = population(customers, new Random(13));
    log(args, `segment history: ${customers} documents made in ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
    const columns = historyColumns(docs);
    const columnsMs = Math.round(performance.now() - t);
    log(args, `segment history: columns built in ${columnsMs} ms (once per population version)`);
    const instants = monthEnds();
    const cases: [HistoryDimension, RfmSegment | LifecycleStage][] = [
      ['rfmSegment', 'champions'],
      ['rfmSegment', 'at_risk'],
      ['lifecycleStage', 'at_risk'],
    ];
    const historyMs: Record<string, number> = {};
    const historyCpuMs: Record<string, number> = {};
    const lastPoint: Record<string, unknown> = {};
    for (const [dimension, value] of cases) {
      t = performance.now();
      const cpu = process.cpuUsage();
      const points = segmentHistory(columns, dimension, value, instants);
      const ms = Math.round(performance.now() - t);
      const used = process.cpuUsage(cpu);
      historyMs[`${dimension}:${value}`] = ms;
      // Wall time on a shared machine includes waiting for a core; CPU time is this thread's work.
      historyCpuMs[`${dimension}:${value}`] = Math.round((used.user + used.system) / 1000);
      lastPoint[`${dimension}:${value}`] = points[points.length - 1];
      log(
        args,
        `segment history ${dimension} ${value}: 24 points in ${ms} ms (CPU ${historyCpuMs[`${dimension}:${value}`]} ms); last ${JSON.stringify(points[23])}`,
      );
    }
    return { customers, columnsMs, historyMs, historyCpuMs, lastPoint, budgetMs: 2000 };
  });
}

if (require.main === module) {
  segmentHistoryBench(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
