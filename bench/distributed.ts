// End-to-end throughput of distributed mode: a burst of commands through the command service's
// batch endpoint (append), then the relay (→ Kafka), the projection service (→ MongoDB wire:
// FerretDB on PostgreSQL here) until every read model has committed it. Samples, every 250 ms,
// how far the relay and the slowest read model are behind, and draws that lag over time.
// Needs KAFKA_BROKERS and MONGODB_URI (.ci/services/kafka.sh, ferretdb.sh). Options:
// --customers=1000 (5 commands each), --batch=250 (commands per HTTP batch), --chart=docs/…svg,
// --redraw=bench/results/distributed-….json (draws the chart of an earlier run, runs nothing).
// Run without a build: node -r ./tools/register-ts.cjs bench/distributed.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the cluster helper is the relay's test support, not exported
import { DistributedCluster } from '../libs/relay/src/test-support/distributed-cluster';
import { log, numberOption, parseArgs } from './support/args';
import { machine, repoRoot, resultsDir } from './support/results';
import { lineChart } from './support/svg-chart';

interface Sample {
  seconds: number;
  appended: number;
  relayBehind: number;
  maxConsumerLag: number;
  /** The read model that lags most at this sample. */
  slowest: string;
}

const args = parseArgs();
const customers = numberOption(args, 'customers', 1000);
const batchSize = numberOption(args, 'batch', 250);
const chartFile = args.options.get('chart') ?? join(repoRoot(), 'docs', 'benchmarks-distributed-lag.svg');

/** Five commands per customer: registration, consent, contact, purchase, feedback. */
function commandsFor(id: string, n: number): unknown[] {
  return [
    { command: 'RegisterCustomer', body: { customerId: id, kind: 'person', name: `Bench ${id}`, country: 'FR' } },
    { command: 'ChangeConsent', customerId: id, body: { channel: 'email', purpose: 'marketing', status: 'given' } },
    { command: 'RecordContact', customerId: id, body: { channel: 'web', direction: 'inbound', reason: 'advice' } },
    {
      command: 'RecordPurchase',
      customerId: id,
      body: { lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: 20 + (n % 7) }], currency: 'EUR', channel: 'web' },
    },
    { command: 'GiveFeedback', customerId: id, body: { kind: 'csat', score: 1 + (n % 5), channel: 'email' } },
  ];
}

function drawLag(samples: Sample[], events: number): void {
  writeFileSync(
    chartFile,
    lineChart(
      [
        { name: 'commands appended', points: samples.map((s) => [s.seconds, s.appended]) },
        { name: 'relay behind (events)', points: samples.map((s) => [s.seconds, s.relayBehind]) },
        { name: 'slowest read model lag', points: samples.map((s) => [s.seconds, s.maxConsumerLag]) },
      ],
      { title: `Distributed mode: ${events} events end to end`, xLabel: 'seconds', yLabel: 'events / records' },
    ),
  );
}

async function main(): Promise<void> {
  const redraw = args.options.get('redraw');
  if (redraw) {
    const report = JSON.parse(readFileSync(redraw, 'utf8')) as { figures: { events: number }; samples: Sample[] };
    drawLag(report.samples, report.figures.events);
    console.log(`chart: ${chartFile}`);
    return;
  }
  if (!process.env['KAFKA_BROKERS'] || !process.env['MONGODB_URI']) {
    console.error('bench:distributed needs KAFKA_BROKERS and MONGODB_URI (see docs/distributed-mode.md)');
    process.exit(2);
  }
  const cluster = new DistributedCluster();
  await cluster.start();
  const samples: Sample[] = [];
  try {
    // Per customer in order (registration first), customers spread over the batches.
    const commands = Array.from({ length: customers }, (_, n) => commandsFor(`b${n}`, n));
    const rounds = commands[0].map((_, step) => commands.map((list) => list[step]));
    const batches: unknown[][] = [];
    for (const round of rounds)
      for (let i = 0; i < round.length; i += batchSize) batches.push(round.slice(i, i + batchSize));
    const start = Date.now();
    let appended = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const relay = await cluster.request('relay', 'GET', '/admin/relay');
        const projections = await cluster.request('projection', 'GET', '/admin/projections');
        const models = projections.body.readModels as Array<{ name: string; consumerLag: number | null }>;
        const slowest = models.reduce((a, b) => ((b.consumerLag ?? 0) > (a.consumerLag ?? 0) ? b : a));
        samples.push({
          seconds: (Date.now() - start) / 1000,
          appended,
          relayBehind: relay.body.eventsBehind ?? 0,
          maxConsumerLag: slowest.consumerLag ?? 0,
          slowest: slowest.name,
        });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    for (const batch of batches) {
      const reply = await cluster.request('command', 'POST', '/commands/batch', { commands: batch });
      if (reply.status !== 200) throw new Error(`batch answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      appended += batch.length;
    }
    const appendedAt = (Date.now() - start) / 1000;
    const head = await cluster.converged(600_000);
    const visibleAt = (Date.now() - start) / 1000;
    sampling = false;
    await sampler;
    const figures = {
      customers,
      commands: appended,
      events: head,
      appendSeconds: appendedAt,
      endToEndSeconds: visibleAt,
      appendPerSecond: Math.round(head / appendedAt),
      endToEndEventsPerSecond: Math.round(head / visibleAt),
      maxConsumerLag: Math.max(...samples.map((s) => s.maxConsumerLag)),
    };
    log(args, JSON.stringify(figures));
    const out = join(resultsDir(args), `distributed-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
    writeFileSync(out, JSON.stringify({ machine: machine(), figures, samples }, null, 2));
    drawLag(samples, head);
    console.log(`results: ${out}\nchart: ${chartFile}`);
  } finally {
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
