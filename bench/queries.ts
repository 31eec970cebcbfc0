// Scenario 4, queries: the analysts' and agents' reads over a large population (see
// support/synthetic-population.ts for how it is built and what that means), served by the real
// CRM in a child process: sequential requests on one connection (latency without queueing) and
// autocannon at 8 connections (latency under load).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { KEYS, startCrmProcess } from './support/crm-process';
import { runLoad } from './support/load';
import { runScenario } from './support/results';
import { elapsedMs, summarise, timed } from './support/stats';
import { buildPopulation } from './support/synthetic-population';

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

export async function queries(args: BenchArgs) {
  const customers = numberOption(args, 'customers', args.smoke ? 2000 : 200_000);
  const seedCustomers = numberOption(args, 'seed-customers', args.smoke ? 100 : 2000);
  const requests = numberOption(args, 'requests', args.smoke ? 50 : 1000);
  const durationS = numberOption(args, 'duration', args.smoke ? 1 : 5);
  return runScenario('queries', args, async (notes) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-queries-'));
    try {
      const built = await timed(() => buildPopulation(dataDir, customers, seedCustomers));
      const population = built.value;
      notes.push(
        `population: ${seedCustomers} generated customers (${population.seedEvents} events) projected for real, ` +
          `their operational-view and analytics documents cloned to ${customers} customers; campaigns not cloned`,
      );
      notes.push(
        'in-process timings not measured: the query path lives in Nest controllers the harness does not reach',
      );
      log(args, `queries: population of ${customers} built in ${Math.round(built.ms)} ms`);
      const crm = await startCrmProcess({ durability: 'FULL', dataDir });
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
        const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
        const cases = [
          { name: 'customer360', key: KEYS.agent, path: () => `/customers/${pick(population.sampleIds)}` },
          { name: 'segmentCounts', key: KEYS.analyst, path: () => '/segments' },
          { name: 'segmentPage', key: KEYS.analyst, path: () => `/segments/${segment}/customers?pageSize=20&page=2` },
          {
            name: 'campaignAttribution',
            key: KEYS.analyst,
            path: () => `/campaigns/${pick(population.campaignIds)}/attribution`,
          },
        ];
        const results: Record<string, unknown> = {};
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
        return {
          customers: segments.customers,
          segmentPaged: segment,
          populationBuildMs: Math.round(built.ms),
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
