// The distributed path in one jest process: command-service, relay, projection-service,
// audit-service and query-service (forwarding to the command and audit services) as separate
// Nest applications (separate module instances, ports and
// connections) over real Kafka and a MongoDB-wire server. Every service has a data directory
// of its own, as on separate hosts; customer keys are on the shared key-store server (a MongoDB
// database of their own). The embedded SQLite event store stands in for EventStoreDB: its
// directory is given (CRM_EVENT_STORE_DIR) to the services that append or read events
// (command, relay, query/audit), never to the projection service, which reads Kafka only.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import { openEmbeddedEventStore, type SqliteEventStore } from '@ledger/event-store-sqlite';
import { PeopleModule, SessionCheckModule } from '@ledger/people';
import { openConfiguredVault, type PersonalDataVault } from '@ledger/personal-data';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import {
  GENERATION_OPTIONS,
  GenerationStore,
  PROJECTIONS,
  ProjectionRunner,
  ProjectionsModule,
  generationCollection,
  type GenerationOptions,
} from '@ledger/projection-runner';
import { QueriesModule } from '@ledger/queries';
import type { ReadDocument, ReadStore } from '@ledger/read-store';
import { MongoReadStore } from '@ledger/read-store-mongodb';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { RelayModule } from '../relay.module';

export const SERVERS = { kafka: process.env['KAFKA_BROKERS'], mongo: process.env['MONGODB_URI'] };
export const SKIP_REASON =
  SERVERS.kafka && SERVERS.mongo
    ? null
    : 'KAFKA_BROKERS and MONGODB_URI not set: start .ci/services/kafka.sh and .ci/services/ferretdb.sh (see docs/distributed-mode.md)';

const KEY = 'test-distributed-key';
const ROOT = resolve(__dirname, '../../../..');

export type Service = 'command' | 'relay' | 'projection' | 'query' | 'audit';

/** The services that read or append events; the projection service reads Kafka only. */
const EVENT_STORE_USERS: ReadonlySet<Service> = new Set(['command', 'relay', 'query', 'audit']);

export async function scanAll(reads: ReadStore, collection: string): Promise<ReadDocument[]> {
  const docs: ReadDocument[] = [];
  for await (const page of reads.scan(collection, 1000)) docs.push(...page);
  return docs;
}

/** The collection holding a read model's live generation (its plain name before any rebuild). */
export async function liveCollection(reads: ReadStore, name: string): Promise<string> {
  const pointer = await new GenerationStore(reads).get(name);
  return generationCollection(name, pointer?.live ?? 0);
}

export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

@Module({})
class GenerationTimings {}

/** Shorter generation timings (poll, grace, pointer cache) for the services of a test. */
function generationTimings(options: Partial<GenerationOptions>): DynamicModule {
  return {
    module: GenerationTimings,
    global: true,
    providers: [{ provide: GENERATION_OPTIONS, useValue: options }],
    exports: [GENERATION_OPTIONS],
  };
}

/**
 * A Kafka broker and a FerretDB server of their own, started with the CI scripts on other
 * ports: the fault tests stop and restart them, which must not disturb suites running in
 * parallel on the shared servers.
 */
export const PRIVATE_SERVERS = {
  kafka: { KAFKA_PORT: '19192', KAFKA_CONTROLLER_PORT: '19193', KAFKA_RUN_DIR: join(ROOT, '.cache/run/kafka-faults') },
  ferretdb: { FERRETDB_PORT: '27118', FERRETDB_RUN_DIR: join(ROOT, '.cache/run/ferretdb-faults') },
  brokers: '127.0.0.1:19192',
  mongoUri: 'mongodb://127.0.0.1:27118/',
  // The keys stay on the CI's server: the key store is a server of its own in production, and
  // the read-model server the test stops must not take the keys down with it.
  keyStoreUri: SERVERS.mongo ?? '',
};

/**
 * Stops or starts a private server with its CI script (data is kept across a restart).
 * Asynchronous on purpose: the services in this process keep running meanwhile.
 */
export async function server(name: 'kafka' | 'ferretdb', action: 'stop' | 'start'): Promise<void> {
  await promisify(execFile)('bash', [join(ROOT, '.ci/services', `${name}.sh`), action], {
    timeout: 180_000,
    env: { ...process.env, ...PRIVATE_SERVERS[name] },
  });
}

export class DistributedCluster {
  private readonly apps = new Map<Service, StartedApp>();
  /** More projection-service instances, sharing the first one's consumer groups. */
  private readonly extraProjectionServices: StartedApp[] = [];
  readonly root = mkdtempSync(join(tmpdir(), 'ledger-distributed-'));
  /** Stands in for the EventStoreDB server. */
  readonly eventStoreDir = join(this.root, 'event-store');
  readonly suffix = randomUUID().slice(0, 8);
  readonly env: Record<string, string>;

  constructor(
    servers: { brokers: string; mongoUri: string; keyStoreUri?: string } = {
      brokers: SERVERS.kafka ?? '',
      mongoUri: SERVERS.mongo ?? '',
    },
    private readonly generations?: Partial<GenerationOptions>,
    /** More `key:role` pairs the services accept (the auditors' tests use one key per role). */
    apiKeys = '',
  ) {
    this.env = {
      CRM_PORT: '0',
      CRM_HOST: '127.0.0.1',
      CRM_DURABILITY: 'NORMAL',
      CRM_LOG_LEVEL: process.env['CRM_E2E_LOG_LEVEL'] ?? 'silent',
      CRM_API_KEYS: [`${KEY}:admin`, apiKeys].filter(Boolean).join(','),
      CRM_READ_YOUR_WRITES_TIMEOUT_MS: '20000',
      // The audit service signs checkpoints of the shared log; often enough for a test to see some.
      CRM_CHECKPOINT_EVERY_EVENTS: '20',
      KAFKA_BROKERS: servers.brokers,
      CRM_KAFKA_TOPIC: `crm.e2e-${this.suffix}.customer-events`,
      CRM_KAFKA_LOG_TOPIC: `crm.e2e-${this.suffix}.log`,
      CRM_KAFKA_PARTITIONS: '3',
      CRM_KAFKA_GROUP_PREFIX: `e2e-${this.suffix}`,
      MONGODB_URI: servers.mongoUri,
      MONGODB_DATABASE: `ledger_e2e_${this.suffix}`,
      CRM_KEY_STORE_URI: servers.keyStoreUri || servers.mongoUri,
      CRM_KEY_STORE_DATABASE: `ledger_e2e_${this.suffix}_keys`,
    };
  }

  /** A service's own data directory (one per instance), and the event store only for those that use it. */
  serviceEnv(service: Service, instance = 0): Record<string, string> {
    const env: Record<string, string> = { ...this.env, CRM_DATA_DIR: this.dataDirOf(service, instance) };
    if (EVENT_STORE_USERS.has(service)) env['CRM_EVENT_STORE_DIR'] = this.eventStoreDir;
    return env;
  }

  dataDirOf(service: Service, instance = 0): string {
    return join(this.root, instance === 0 ? service : `${service}-${instance}`);
  }

  /** A vault over the cluster's shared key store, as every service opens it. */
  openVault(): Promise<PersonalDataVault> {
    return openConfiguredVault(join(this.root, 'tools'), loadConfig(this.env).keyStore);
  }

  /** The cluster's event store (what EventStoreDB would hold). */
  openEventStore(): SqliteEventStore {
    return openEmbeddedEventStore(this.eventStoreDir, 'NORMAL');
  }

  async start(): Promise<void> {
    // The query service last: it forwards to the command and audit services, as in production.
    const features: Record<Service, Array<Type<unknown> | DynamicModule>> = {
      // As the apps' main.ts: people sign in on the command service; the query and audit services
      // check their sessions in the shared sign-in store.
      command: [CommandsModule, PeopleModule],
      relay: [RelayModule],
      projection: this.withTimings([ProjectionsModule]),
      audit: [AuditModule, SessionCheckModule],
      query: this.withTimings([QueriesModule, SessionCheckModule]),
    };
    for (const [name, modules] of Object.entries(features) as Array<[Service, typeof features.command]>) {
      const forwarding =
        name === 'query'
          ? {
              env: { CRM_COMMAND_SERVICE_URL: this.url('command'), CRM_AUDIT_SERVICE_URL: this.url('audit') },
              options: { console: true, forward: { command: features.command, audit: features.audit } },
            }
          : { env: {}, options: {} };
      const env = { ...this.serviceEnv(name), ...forwarding.env };
      this.apps.set(name, await bootstrapService(`${name}-service`, name, modules, env, forwarding.options));
    }
  }

  /** Stops one service (the gateway tests stop the command service behind the query service). */
  async stopService(service: Service): Promise<void> {
    const app = this.apps.get(service);
    if (!app) return;
    this.apps.delete(service);
    await app.app.close();
  }

  /** Another projection-service instance (as a second replica would be). */
  async addProjectionService(): Promise<StartedApp> {
    const app = await bootstrapService(
      'projection-service',
      'projection',
      this.withTimings([ProjectionsModule]),
      this.serviceEnv('projection', this.extraProjectionServices.length + 1),
    );
    this.extraProjectionServices.push(app);
    return app;
  }

  private withTimings(modules: Array<Type<unknown> | DynamicModule>): Array<Type<unknown> | DynamicModule> {
    return this.generations ? [generationTimings(this.generations), ...modules] : modules;
  }

  async stop(): Promise<void> {
    for (const app of this.extraProjectionServices.splice(0)) await app.app.close();
    for (const app of [...this.apps.values()].reverse()) await app.app.close();
    this.apps.clear();
    const reads = await this.mongo();
    await reads.dropDatabase().catch(() => undefined);
    await reads.close();
    const keys = await MongoReadStore.connect({
      uri: this.env['CRM_KEY_STORE_URI'],
      database: this.env['CRM_KEY_STORE_DATABASE'],
    });
    await keys.dropDatabase().catch(() => undefined);
    await keys.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  url(service: Service): string {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    return app.url;
  }

  async request<T = any>(
    service: Service | StartedApp,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const base = typeof service === 'string' ? this.url(service) : service.url;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  mongo(): Promise<MongoReadStore> {
    return MongoReadStore.connect({ uri: this.env['MONGODB_URI'], database: this.env['MONGODB_DATABASE'] });
  }

  /** Waits until the relay published the whole log and every consumer group committed it. */
  async converged(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const relay = await this.request('relay', 'GET', '/admin/relay').catch((error) => ({ status: 0, body: error }));
      const projections = await this.request('projection', 'GET', '/admin/projections').catch((error) => ({
        status: 0,
        body: error,
      }));
      last = { relay: relay.body, projections: projections.body };
      const published = relay.status === 200 && relay.body.eventsBehind === 0;
      const applied =
        projections.status === 200 &&
        projections.body.readModels.every((m: { consumerLag: number | null }) => m.consumerLag === 0);
      if (published && applied) return relay.body.checkpoint;
      if (Date.now() > deadline) throw new Error(`did not converge: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Replays the event log with the pure projections (the embedded runner's code path) into
   * fresh collections of `reads`, named `<read model><suffix>`.
   */
  async rebuildInto(reads: ReadStore, suffix: string): Promise<void> {
    const store = this.openEventStore();
    const vault = await this.openVault();
    try {
      const runner = new ProjectionRunner(store, reads, vault);
      for (const projection of PROJECTIONS) await runner.replayInto(projection, `${projection.name}${suffix}`);
    } finally {
      await vault.close();
      await store.close();
    }
  }

  /** Per read model: its live generation's documents beside those of a fresh replay of the log. */
  async liveAndReplayed(
    reads: ReadStore,
  ): Promise<Array<{ name: string; collection: string; live: ReadDocument[]; replayed: ReadDocument[] }>> {
    await this.rebuildInto(reads, '__verify');
    const compared = [];
    for (const { name } of PROJECTIONS) {
      const collection = await liveCollection(reads, name);
      compared.push({
        name,
        collection,
        live: await scanAll(reads, collection),
        replayed: await scanAll(reads, `${name}__verify`),
      });
    }
    return compared;
  }

  /** An embedded query service over read models replayed from the same log: what embedded mode answers. */
  async startEmbeddedQueries(): Promise<StartedApp> {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-embedded-'));
    const reads = EmbeddedReadStore.open({ file: join(dir, 'read-models.sqlite') });
    await this.rebuildInto(reads, '');
    await reads.close();
    // Keys stay on the shared key store: the embedded query service only reads documents.
    const env = { ...this.env, CRM_DATA_DIR: dir, KAFKA_BROKERS: '', MONGODB_URI: '' };
    return bootstrapService('embedded-query', 'embedded', [QueriesModule], env);
  }
}
