// Customer search at scale (issue 10: p99 ≤ 50 ms over HTTP at 1M customers). Synthetic
// customers with Latin and Persian names (support/search-population.ts) are made into search
// documents by the real projection; then (1) in this process, the query-time index
// (@ledger/queries SearchIndex) is built and a query mix timed without HTTP, and (2) the same
// documents are the search read model of a real CRM in a child process, queried over HTTP one
// request at a time and with 8 connections. Queries are what an agent types: name prefixes
// (Persian ones also with Arabic letter forms), two words, e-mails, phones, ids, order ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchIndex } from '@ledger/analytics';
import type { CustomerSearchDocument } from '@ledger/projections';
import { Random } from '@ledger/testing';
import { log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { KEYS, startCrmProcess } from './support/crm-process';
import { runLoad } from './support/load';
import { runScenario } from './support/results';
import {
  searchCustomerId,
  searchOrderId,
  searchPopulation,
  writeSearchReadModel,
  type SyntheticCustomer,
} from './support/search-population';
import { elapsedMs, summarise, timed } from './support/stats';

const KINDS = ['namePrefix', 'twoWords', 'emailPrefix', 'email', 'phone', 'customerId', 'orderId'] as const;
type Kind = (typeof KINDS)[number];
interface Query {
  kind: Kind;
  q: string;
}

const prefix = (rng: Random, word: string, min = 2) => word.slice(0, rng.int(Math.min(min, word.length), word.length));
/** As typed on an Arabic keyboard: ي for ی, ك for ک. */
const arabicForms = (text: string) => text.replace(/ی/g, 'ي').replace(/ک/g, 'ك');

function queryFor(rng: Random, kind: Kind, i: number, customer: SyntheticCustomer): Query {
  const [first, last] = customer.name.split(' ');
  switch (kind) {
    case 'namePrefix': {
      const q = prefix(rng, rng.chance(0.5) ? first : last);
      return { kind, q: rng.chance(0.3) ? arabicForms(q) : q };
    }
    case 'twoWords':
      return { kind, q: `${first} ${prefix(rng, last, 1)}` };
    case 'emailPrefix':
      return { kind, q: prefix(rng, customer.email.split('@')[0], 3) };
    case 'email':
      return { kind, q: customer.email };
    case 'phone':
      return { kind, q: customer.phone.slice(0, rng.int(6, customer.phone.length)) };
    case 'customerId':
      return { kind, q: searchCustomerId(i) };
    case 'orderId':
      return { kind, q: searchOrderId(i, 0).slice(0, rng.int(8, 12)) };
  }
}

export async function search(args: BenchArgs) {
  const customers = numberOption(args, 'customers', args.smoke ? 2000 : 1_000_000);
  const rounds = numberOption(args, 'queries', args.smoke ? 140 : 3500);
  const httpRequests = numberOption(args, 'requests', args.smoke ? 70 : 1400);
  const durationS = numberOption(args, 'duration', args.smoke ? 1 : 5);
  return runScenario('search', args, async (notes) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-search-'));
    try {
      const rng = new Random(7);
      const sampleEvery = Math.max(1, Math.floor(customers / rounds));
      const queries: Query[] = [];
      const docs: CustomerSearchDocument[] = [];
      const built = await timed(async () => {
        let i = 0;
        for (const [customer, doc] of searchPopulation(customers)) {
          docs.push(doc);
          if (++i % sampleEvery === 0) queries.push(queryFor(rng, KINDS[queries.length % KINDS.length], i, customer));
        }
      });
      log(args, `search: ${customers} documents projected in ${Math.round(built.ms)} ms`);

      const indexed = await timed(async () => new SearchIndex(docs));
      const index = indexed.value;
      log(args, `search: index of ${index.customers} built in ${Math.round(indexed.ms)} ms`);
      for (const query of queries.slice(0, 200)) index.search(query.q, 20); // JIT warm-up, not timed
      const inProcess: Record<string, number[]> = { all: [] };
      const resultCounts: number[] = [];
      for (const query of queries) {
        const start = process.hrtime.bigint();
        const hits = index.search(query.q, 20);
        const ms = elapsedMs(start);
        (inProcess[query.kind] ??= []).push(ms);
        inProcess['all'].push(ms);
        resultCounts.push(hits.length);
      }
      const inProcessMs = Object.fromEntries(Object.entries(inProcess).map(([k, v]) => [k, summarise(v)]));
      log(args, `search in process: p50 ${inProcessMs['all'].p50} ms p99 ${inProcessMs['all'].p99} ms`);
      const found = resultCounts.filter((n) => n > 0).length;
      const inProcessFigures = {
        customers,
        projectMs: Math.round(built.ms),
        indexBuildMs: Math.round(indexed.ms),
        inProcessMs,
      };
      // --http=0: the index alone (a large population without a second copy in a CRM process).
      if (args.options.get('http') === '0') return inProcessFigures;
      const written = await timed(() => writeSearchReadModel(dataDir, docs));
      docs.length = 0; // the CRM process holds them from here
      const heapMb = 2048 + Math.ceil((customers * 3) / 1000);
      process.env['BENCH_CHILD_NODE_OPTIONS'] ??= `--max-old-space-size=${heapMb}`;
      const started = await timed(() => startCrmProcess({ durability: 'FULL', dataDir }));
      const crm = started.value;
      try {
        const path = (query: Query) => `/customers/search?q=${encodeURIComponent(query.q)}&limit=20`;
        const get = async (query: Query) => {
          const response = await fetch(`${crm.url}${path(query)}`, { headers: { 'x-api-key': KEYS.agent } });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`GET ${path(query)}: ${response.status}`);
        };
        // The first search loads the read model and builds the index in the CRM process.
        const warm = await timed(() => get(queries[0]));
        const http: Record<string, number[]> = { all: [] };
        for (let n = 0; n < Math.min(httpRequests, queries.length); n++) {
          const query = queries[n % queries.length]; // every kind in turn
          const start = process.hrtime.bigint();
          await get(query);
          const ms = elapsedMs(start);
          (http[query.kind] ??= []).push(ms);
          http['all'].push(ms);
        }
        const sequentialMs = Object.fromEntries(Object.entries(http).map(([k, v]) => [k, summarise(v)]));
        log(args, `search over HTTP: p50 ${sequentialMs['all'].p50} ms p99 ${sequentialMs['all'].p99} ms`);
        let next = 0;
        const concurrent8 = await runLoad({
          url: crm.url,
          connections: 8,
          duration: durationS,
          requests: [
            {
              method: 'GET',
              headers: { 'x-api-key': KEYS.agent },
              setupRequest: (r) => ({ ...r, path: path(queries[next++ % queries.length]) }),
            },
          ],
        });
        log(args, `search at c=8: ${concurrent8.perSecond}/s, p99 ${concurrent8.latencyMs.p99} ms`);
        notes.push(
          'inProcessMs: SearchIndex.search in the harness process (no HTTP); sequentialMs: one request at a time ' +
            'over HTTP to the CRM child; concurrent8: autocannon, 8 connections; limit 20 everywhere',
          `queries: ${queries.length} sampled customers, kinds in turn (${KINDS.join(', ')}); ${found} found something`,
        );
        return {
          ...inProcessFigures,
          readModelWriteMs: Math.round(written.ms),
          crmStartMs: Math.round(started.ms),
          firstSearchMs: Math.round(warm.ms),
          sequentialMs,
          concurrent8,
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
  search(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
