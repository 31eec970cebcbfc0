// Scenario 4, queries: the analysts' and agents' reads over a large population (see
// support/synthetic-population.ts for how it is built and what that means), served by the real
// CRM in a child process: sequential requests on one connection (latency without queueing) and
// autocannon at 8 connections (latency under load); the analytics reads also while purchases
// keep arriving (the analytics read model moving under them). Beside the HTTP figures, the
// query code's own cost in this process (support/query-timings.ts): no HTTP, no Nest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { HEADERS } from './support/command-mix';
import { KEYS, startCrmProcess } from './support/crm-process';
import { runLoad } from './support/load';
import { queryTimings } from './support/query-timings';
import { runScenario } from './support/results';
import { elapsedMs, perSecond, summarise, timed } from './support/stats';
import { buildPopulation } from './support/synthetic-population';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * The CRM holds every read-model document in memory (embedded mode): about 7 KB per customer
 * for the two cloned read models, so a large population needs more than node's default heap.
 */
function childHeapFor(customers: number): void {
  if (process.env['BENCH_CHILD_NODE_OPTIONS'] !== undefined || customers <= 300_000) return;
  const mb = 2048 + Math.ceil((customers * 10) / 1000);
  process.env['BENCH_CHILD_NODE_OPTIONS'] = `--max-old-space-size=${mb}`;
}

/** `count` requests one after another on one connection, or fewer if they take over `budgetMs`. */
async function sequential(base: string, paths: () => string, key: string, count: number, budgetMs = 20_000) {
  const samples: number[] = [];
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(`${base}${paths()}`, { headers: { 'x-api-key': key } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${paths()}: ${response.status}`);
    samples.push(elapsedMs(start));
  }
  return summarise(samples);
}

/** Purchases by the generated (event-backed) customers, one after another, until stopped. */
function purchases(base: string, customerIds: readonly string[]) {
  let stopping = false;
  let written = 0;
  const start = process.hrtime.bigint();
  const body = JSON.stringify({
    lines: [{ sku: 'TEA-42', quantity: 1, unitPrice: 12.5 }],
    currency: 'EUR',
    channel: 'web',
  });
  const running = (async () => {
    while (!stopping) {
      const response = await fetch(`${base}/customers/${pick(customerIds)}/purchases`, {
        method: 'POST',
        headers: HEADERS,
        body,
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`POST purchase: ${response.status}`);
      written++;
    }
  })();
  return {
    async stop(): Promise<{ written: number; perSecond: number }> {
      stopping = true;
      await running;
      return { written, perSecond: perSecond(written, elapsedMs(start)) };
    },
  };
}

export async function queries(args: BenchArgs) {
  const customers = numberOption(args, 'customers', args.smoke ? 2000 : 200_000);
  const seedCustomers = numberOption(args, 'seed-customers', args.smoke ? 100 : 2000);
  const requests = numberOption(args, 'requests', args.smoke ? 50 : 1000);
  const durationS = numberOption(args, 'duration', args.smoke ? 1 : 5);
  // --in-process=0 skips the in-process timings (e.g. to run this harness against older query code).
  const inProcessRounds = args.options.get('in-process') === '0' ? 0 : args.smoke ? 20 : 200;
  return runScenario('queries', args, async (notes) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-queries-'));
    try {
      const built = await timed(() => buildPopulation(dataDir, customers, seedCustomers));
      const population = built.value;
      notes.push(
        `population: ${seedCustomers} generated customers (${population.seedEvents} events) projected for real, ` +
          `their operational-view and analytics documents cloned to ${customers} customers; campaigns not cloned`,
      );
      log(args, `queries: population of ${customers} built in ${Math.round(built.ms)} ms`);
      const results: Record<string, unknown> = {};
      if (inProcessRounds > 0) {
        // Before the CRM starts: the two processes would share the two cores.
        results['inProcess'] = queryTimings(population, inProcessRounds);
        notes.push(
          'inProcess: the live segments and attribution the query service keeps (@ledger/projections), on the ' +
            'same analytics documents in the harness process; fullScoringMs is what a moved checkpoint cost before',
        );
        log(args, `queries in process: ${JSON.stringify(results['inProcess'])}`);
      }
      childHeapFor(customers);
      // It loads every document before answering: 91 s for 1M customers on the idle machine.
      const startTimeoutMs = 120_000 + customers * 0.5;
      const started = await timed(() => startCrmProcess({ durability: 'FULL', dataDir, startTimeoutMs }));
      const crm = started.value;
      try {
        const warm = await timed(async () => {
          for (const path of ['/segments', `/customers/${population.sampleIds[0]}`]) {
            await fetch(`${crm.url}${path}`, { headers: { 'x-api-key': KEYS.admin } }).then((r) => r.arrayBuffer());
          }
        });
        const segments = (await fetch(`${crm.url}/segments`, { headers: { 'x-api-key': KEYS.analyst } }).then((r) =>
          r.json(),
        )) as { customers: number; counts: { rfmSegment: Record<string, number> } };
        const segment = Object.entries(segments.counts.rfmSegment).sort((a, b) => b[1] - a[1])[0][0];
        const page = `/segments/${segment}/customers?pageSize=20&page=2`;
        const cases = [
          { name: 'customer360', key: KEYS.agent, path: () => `/customers/${pick(population.sampleIds)}` },
          { name: 'segmentCounts', key: KEYS.analyst, path: () => '/segments' },
          { name: 'segmentPage', key: KEYS.analyst, path: () => page },
          {
            name: 'campaignAttribution',
            key: KEYS.analyst,
            path: () => `/campaigns/${pick(population.campaignIds)}/attribution`,
          },
        ];
        for (const c of cases) {
          const unloaded = await sequential(crm.url, c.path, c.key, requests);
          const loaded = await runLoad({
            url: crm.url,
            connections: 8,
            duration: durationS,
            requests: [
              { method: 'GET', headers: { 'x-api-key': c.key }, setupRequest: (r) => ({ ...r, path: c.path() }) },
            ],
          });
          results[c.name] = { sequentialMs: unloaded, concurrent8: loaded };
          log(args, `queries ${c.name}: p50 ${unloaded.p50} ms p99 ${unloaded.p99} ms, ${loaded.perSecond}/s at c=8`);
        }
        for (const c of cases.filter((x) => x.name === 'segmentCounts' || x.name === 'segmentPage')) {
          const writer = purchases(crm.url, population.seedCustomerIds);
          const latency = await sequential(crm.url, c.path, c.key, requests);
          const writes = await writer.stop();
          results[`${c.name}UnderWrites`] = { sequentialMs: latency, purchases: writes };
          log(
            args,
            `queries ${c.name} under ${writes.perSecond} purchases/s: p50 ${latency.p50} ms p99 ${latency.p99} ms`,
          );
        }
        notes.push('…UnderWrites: the same reads while one client posts purchases back to back (FULL durability)');
        return {
          customers: segments.customers,
          segmentPaged: segment,
          populationBuildMs: Math.round(built.ms),
          crmStartMs: Math.round(started.ms),
          firstQueriesWarmUpMs: Math.round(warm.ms),
          ...results,
        };
      } finally {
        await crm.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

if (require.main === module) {
  queries(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
