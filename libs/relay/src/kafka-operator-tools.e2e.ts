// The relay's topics as an operator sees them with Kafka's own tools (kafka-console-consumer,
// kafka-consumer-groups from .ci/services), independently of kafkajs and of our codec: every
// event of the log is on the partitioned topic exactly once, keyed by its customer (or campaign),
// with its CloudEvents headers, each customer's events in one partition in log order; the log
// topic holds them in total order; and every read model's consumer group reaches lag 0.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RecordedEvent } from '@ledger/domain';
import { PROJECTIONS, consumerGroupOf } from '@ledger/projection-runner';
import { customerTraffic, launchCampaign } from './test-support/crm-traffic';
import { DistributedCluster, SKIP_REASON, eventually } from './test-support/distributed-cluster';

const run = promisify(execFile);
const SERVICES = resolve(__dirname, '../../../.ci/services');
/** Separators no key, header or JSON value of ours contains. */
const FIELD = '\u001e';
const HEADER = '\u001f';

jest.setTimeout(180_000);
if (SKIP_REASON) process.stderr.write(`[relay] Kafka operator-tools suite skipped — ${SKIP_REASON}\n`);

interface ConsoleRecord {
  partition: number;
  offset: number;
  headers: Record<string, string>;
  key: string;
  value: string;
}

/** Reads `count` records of a topic from the beginning with kafka-console-consumer. */
async function consoleConsume(brokers: string, topic: string, count: number): Promise<ConsoleRecord[]> {
  const { stdout } = await run(
    join(SERVICES, 'kafka-console-consumer'),
    [
      ['--bootstrap-server', brokers],
      ['--topic', topic, '--from-beginning'],
      ['--max-messages', String(count), '--timeout-ms', '30000'],
      ['--property', 'print.partition=true', '--property', 'print.offset=true'],
      ['--property', 'print.headers=true', '--property', 'print.key=true'],
      ['--property', `key.separator=${FIELD}`, '--property', `headers.separator=${HEADER}`],
    ].flat(),
    { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
  );
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [partition = '', offset = '', headers = '', key = '', ...value] = line.split(FIELD);
      return {
        partition: Number(partition.replace('Partition:', '')),
        offset: Number(offset.replace('Offset:', '')),
        headers: Object.fromEntries(
          headers
            .split(HEADER)
            .map((header) => [header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1)]),
        ),
        key,
        value: value.join(FIELD),
      };
    });
}

interface GroupRow {
  group: string;
  partition: string;
  current: string;
  logEnd: string;
  lag: string;
}

/** kafka-consumer-groups --describe, one row per group and partition ('-' = nothing committed). */
async function describeGroups(brokers: string, groups: string[]): Promise<GroupRow[]> {
  const { stdout } = await run(
    join(SERVICES, 'kafka-consumer-groups'),
    ['--bootstrap-server', brokers, '--describe', ...groups.flatMap((group) => ['--group', group])],
    { timeout: 120_000 },
  );
  const rows = stdout.split('\n').map((line) => line.trim().split(/\s+/));
  const header = rows.find((row) => row[0] === 'GROUP') ?? [];
  const column = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`no ${name} column in:\n${stdout}`);
    return at;
  };
  const [partition, current, logEnd, lag] = ['PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG'].map(column);
  return rows
    .filter((row) => groups.includes(row[0] ?? ''))
    .map((row) => ({
      group: row[0] ?? '',
      partition: row[partition ?? 0] ?? '',
      current: row[current ?? 0] ?? '',
      logEnd: row[logEnd ?? 0] ?? '',
      lag: row[lag ?? 0] ?? '',
    }));
}

/** Caught up: lag 0, or a partition that never held a record (nothing to commit, shown as '-'). */
const caughtUp = (row: GroupRow) => row.lag === '0' || (row.current === '-' && row.logEnd === '0');

/** The key the relay must use: the customer for a customer's stream, else the stream's own id. */
function expectedKey(event: RecordedEvent): string {
  return event.streamId.slice(event.streamId.indexOf('-') + 1);
}

(SKIP_REASON ? describe.skip : describe)('the relay topics read with Kafka’s own tools', () => {
  const cluster = new DistributedCluster();
  const brokers = cluster.env['KAFKA_BROKERS'] ?? '';
  let events: RecordedEvent[];

  beforeAll(async () => {
    // Fetches the tools' jars on first use (Maven, as kafka.sh does for the broker).
    await run('bash', [join(SERVICES, 'kafka-tools.sh'), 'install'], { timeout: 300_000 });
    await cluster.start();
    await launchCampaign(cluster);
    await customerTraffic(cluster, 'ops', 8);
    await cluster.converged();
    const store = cluster.openEventStore();
    try {
      events = await store.readAll({ streamPrefixes: ['customer-', 'campaign-'] });
    } finally {
      await store.close();
    }
  }, 300_000);

  afterAll(async () => {
    await cluster.stop();
  });

  it('carries every event once, keyed by customer, with CloudEvents headers, each customer in log order', async () => {
    const records = await consoleConsume(brokers, cluster.env['CRM_KAFKA_TOPIC'] ?? '', events.length);
    expect(records).toHaveLength(events.length);
    const byId = new Map(events.map((event) => [event.eventId, event]));
    expect(new Set(records.map((record) => record.headers['ce_id'])).size).toBe(events.length);

    for (const record of records) {
      const event = byId.get(record.headers['ce_id'] ?? '');
      if (!event) throw new Error(`record ${record.partition}@${record.offset} is no event of the log`);
      expect(record.key).toBe(expectedKey(event));
      expect(record.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: event.eventId,
        ce_type: event.type,
        ce_source: 'ledger-crm/relay',
        ce_time: event.recordedAt,
        ce_schemaversion: String(event.schemaVersion),
        position: String(event.position),
      });
      // The value is the stored event itself (personal fields still sealed, as in the store).
      expect(JSON.parse(record.value)).toMatchObject({ eventId: event.eventId, streamId: event.streamId });
    }

    const byKey = new Map<string, ConsoleRecord[]>();
    for (const record of records) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
    expect([...byKey.keys()].filter((key) => key.startsWith('ops'))).toHaveLength(8);
    for (const [key, own] of byKey) {
      expect({ key, partitions: new Set(own.map((record) => record.partition)).size }).toEqual({ key, partitions: 1 });
      const inOffsetOrder = [...own].sort((a, b) => a.offset - b.offset);
      const positions = inOffsetOrder.map((record) => Number(record.headers['position']));
      expect({ key, positions }).toEqual({ key, positions: [...positions].sort((a, b) => a - b) });
      const revisions = inOffsetOrder.map((record) => byId.get(record.headers['ce_id'] ?? '')?.revision);
      expect({ key, revisions }).toEqual({ key, revisions: own.map((_, index) => index) });
    }
    // Spread over the topic's partitions (3 in this cluster), not all on one.
    expect(new Set(records.map((record) => record.partition)).size).toBeGreaterThan(1);
  });

  it('holds the whole log in one partition, in position order, on the log topic', async () => {
    const records = await consoleConsume(brokers, cluster.env['CRM_KAFKA_LOG_TOPIC'] ?? '', events.length);
    expect(new Set(records.map((record) => record.partition))).toEqual(new Set([0]));
    const positions = records.sort((a, b) => a.offset - b.offset).map((record) => Number(record.headers['position']));
    expect(positions).toEqual(events.map((event) => event.position));
  });

  it('shows every read model’s consumer group caught up: lag 0 on every partition', async () => {
    const groups = PROJECTIONS.map((projection) => consumerGroupOf(projection, cluster.env['CRM_KAFKA_GROUP_PREFIX']));
    const rows = await eventually(
      () => describeGroups(brokers, groups),
      (described) => new Set(described.map((row) => row.group)).size === groups.length && described.every(caughtUp),
      'every consumer group at lag 0',
    );
    // Every partition of the topics the groups read is listed, and the records were consumed.
    expect(rows.filter((row) => row.lag === '0' && Number(row.logEnd) > 0).length).toBeGreaterThanOrEqual(
      groups.length,
    );
  });
});
