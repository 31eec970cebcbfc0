// Scenario 2, visibility: while the command mix runs at 25/50/75% of the maximum load ingest
// found, probe commands are sent and timed from their acknowledgement until all three read models
// (operational view, lifecycle, analytics via /segments) answer with ?minPosition=<position>.
import { listOption, log, numberOption, parseArgs, type BenchArgs } from './support/args';
import { HEADERS, mixedRequests, registerCustomers } from './support/command-mix';
import { KEYS, startCrmProcess } from './support/crm-process';
import { runLoad } from './support/load';
import { runScenario } from './support/results';
import { elapsedMs, sleep, summarise } from './support/stats';

async function getOk(url: string, key: string): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, { headers: { 'x-api-key': key } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return elapsedMs(start);
}

/** One probe: a contact command, then the three read-your-writes reads in parallel. */
async function probe(base: string, customer: string) {
  const body = JSON.stringify({ channel: 'phone', direction: 'inbound', reason: 'visibility probe' });
  const ack = await fetch(`${base}/customers/${customer}/contacts`, { method: 'POST', headers: HEADERS, body });
  const { position } = (await ack.json()) as { position: number };
  const acknowledged = process.hrtime.bigint();
  const [operational, lifecycle, analytics] = await Promise.all([
    getOk(`${base}/customers/${customer}?minPosition=${position}`, KEYS.agent),
    getOk(`${base}/customers/${customer}/lifecycle?minPosition=${position}`, KEYS.agent),
    getOk(`${base}/segments?minPosition=${position}`, KEYS.analyst),
  ]);
  return { all: elapsedMs(acknowledged), operational, lifecycle, analytics };
}

async function probeWhile(base: string, running: () => boolean, customers: number, intervalMs: number) {
  const samples = {
    all: [] as number[],
    operational: [] as number[],
    lifecycle: [] as number[],
    analytics: [] as number[],
  };
  while (running()) {
    const result = await probe(base, `b-${Math.floor(Math.random() * customers)}`);
    for (const key of Object.keys(samples) as Array<keyof typeof samples>) samples[key].push(result[key]);
    await sleep(intervalMs);
  }
  return samples;
}

export async function visibility(args: BenchArgs, maxLoad?: number) {
  const max = numberOption(args, 'max-rate', maxLoad ?? (args.smoke ? 100 : 1000));
  const fractions = listOption(args, 'fractions', [0.25, 0.5, 0.75]);
  const durationS = numberOption(args, 'duration', args.smoke ? 1 : 10);
  const customers = numberOption(args, 'customers', args.smoke ? 50 : 5000);
  return runScenario('visibility', args, async (notes) => {
    notes.push(`durability FULL; max load ${max} commands/s (from ingest or --max-rate); probes every 20 ms`);
    notes.push('each probe time includes the three GETs over loopback and, for /segments, computing segments');
    const crm = await startCrmProcess({ durability: 'FULL' });
    try {
      await registerCustomers(crm.url, customers);
      const levels = [];
      for (const fraction of fractions) {
        const rate = Math.max(1, Math.round(max * fraction));
        let running = true;
        const load = runLoad({
          url: crm.url,
          connections: 32,
          overallRate: rate,
          duration: durationS,
          requests: mixedRequests(customers, `vis-${fraction}-${Date.now().toString(36)}`),
        }).finally(() => (running = false));
        const samples = await probeWhile(crm.url, () => running, customers, 20);
        const background = await load;
        const level = {
          fraction,
          targetRate: rate,
          achievedRate: background.perSecond,
          visibilityMs: summarise(samples.all),
          perReadModelMs: {
            operational: summarise(samples.operational),
            lifecycle: summarise(samples.lifecycle),
            analyticsSegments: summarise(samples.analytics),
          },
          commandLatencyMs: background.latencyMs,
        };
        log(args, `visibility at ${rate}/s: p50 ${level.visibilityMs.p50} ms p99 ${level.visibilityMs.p99} ms`);
        levels.push(level);
      }
      return { maxLoad: max, levels };
    } finally {
      await crm.stop();
    }
  });
}

if (require.main === module) {
  visibility(parseArgs()).catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
