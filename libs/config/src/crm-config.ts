// The one typed place for configuration. Every setting comes from an environment variable
// (documented in README.md) and is validated at start-up: a bad value stops the process
// with a message naming the variable.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_POLICY, type CrmPolicy } from '@ledger/domain';
import type { KpiTarget } from '@ledger/projections/kpi-targets';
import { ConfigError } from './config-error';
import { duration, integer, oneOf, readJson, secret, type Env } from './env-values';
import { loadForwardingConfig, type ForwardingConfig } from './forwarding-config';
import { loadOidcConfig, type OidcConfig } from './oidc-config';
import { parsePolicy, parseTargets } from './policy-config';

/** Nest token of the CrmConfig loaded at start-up. */
export const CRM_CONFIG = Symbol('CRM_CONFIG');

export const ROLES = ['channel', 'agent', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface CrmConfig {
  host: string;
  /** 0 picks a free port; the chosen one is printed at start-up. */
  port: number;
  dataDir: string;
  /**
   * Directory of the embedded event store (`events.sqlite`), CRM_EVENT_STORE_DIR, by default the
   * data directory. Distributed services on one machine without EventStoreDB point the services
   * that read or append events at one such directory, each keeping its own data directory.
   */
  eventStoreDir: string;
  /** The built console (index.html and assets) served at `/` by the crm app and the query service. */
  consoleDir: string;
  /** SQLite `synchronous` for the event store: FULL is durable; NORMAL may lose the last commits on power loss. */
  durability: 'FULL' | 'NORMAL';
  /** API key → role. */
  apiKeys: Map<string, Role>;
  /** True when the built-in development keys are in use (a warning is printed). */
  usingDevelopmentKeys: boolean;
  /** HMAC key for the actor labels of API keys; null: one kept in the data directory. */
  actorLabelKey: string | null;
  bodyLimit: string;
  maxBatchCommands: number;
  /** How long a query with `minPosition` waits for the read models to catch up. */
  readYourWritesTimeoutMs: number;
  /**
   * Embedded mode: worker threads applying the live read models (issue 12), so the request
   * thread only reads the log and commits; 0 applies them on the request thread. Default: one
   * per core when there are at least two, else 0.
   */
  liveProjectionThreads: number;
  policy: CrmPolicy;
  /**
   * What account managers and complaint assignees are: `directory` (a user of the directory, active;
   * anything else is 422) or `free-text` (any id, as before the directory existed; for a migration).
   */
  staffReferences: 'directory' | 'free-text';
  /** Console sessions: ended after this long without a request, and this long after sign-in at the latest. */
  sessions: { idleSeconds: number; maxSeconds: number };
  /** Sign-in lock-out: after this many failures for one email, refused for lockSeconds. */
  signIn: { maxFailures: number; lockSeconds: number };
  /** Single sign-on with an OpenID provider (oidc-config.ts); null: not offered. */
  oidc: OidcConfig | null;
  /** The query service's forwarding to the command and audit services (forwarding-config.ts). */
  forwarding: ForwardingConfig;
  targets: KpiTarget[];
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  /** Distributed mode: each part is chosen on its own by its variable; null = embedded. */
  eventStore: { connectionString: string } | null;
  mongodb: { uri: string; database: string } | null;
  /**
   * Customer data keys on a MongoDB server shared by every service (distributed mode), in a
   * database of their own; null = `keys.sqlite` in the data directory (embedded mode).
   */
  keyStore: { uri: string; database: string; cacheMs: number } | null;
  kafka: KafkaConfig | null;
  checkpoints: CheckpointConfig;
  derivedEvents: DerivedEventsConfig;
  /** Scheduled customer-value fits (docs/read-models.md); null = only admins fit. */
  valueFitIntervalMs: number | null;
}

/** Segment and lifecycle events for other systems (docs/read-models.md): evaluation and delivery. */
export interface DerivedEventsConfig {
  /** Off on every query-service replica but one: each evaluating instance keeps its own derived store. */
  enabled: boolean;
  /** How often the segments are evaluated at the current time (a customer's stage changes as days pass). */
  evaluateEveryMs: number;
  /** Distributed mode: the Kafka topic derived events go to (never the customer-events topic). */
  kafkaTopic: string;
  webhooks: {
    maxAttempts: number;
    initialBackoffMs: number;
    maxBackoffMs: number;
    timeoutMs: number;
    /** How often due deliveries are looked for. */
    pollMs: number;
  };
}

/** Signed checkpoints of the global chain (embedded event store; docs/audit.md). */
export interface CheckpointConfig {
  /** Ed25519 private key (PEM); null = `checkpoint-key.pem` in the data directory, generated on first start. */
  keyFile: string | null;
  /** Append-only NDJSON file every checkpoint is also written to (keep it where the database admin cannot write). */
  witnessFile: string | null;
  /** A checkpoint once this many events were appended since the last one… */
  everyEvents: number;
  /** …or once this long has passed with any new event. */
  intervalMs: number;
}

export interface KafkaConfig {
  brokers: string[];
  /** Partitioned topic, key = customer id: customer-keyed projections consume it and scale out. */
  topic: string;
  partitions: number;
  /** Single-partition topic with the whole log in order, for projections fed by many streams. */
  logTopic: string;
  /** Consumer groups are `<groupPrefix>-<read model>`; separate deployments on one cluster need their own. */
  groupPrefix: string;
  /**
   * Partitions a projection-service instance applies at once, per read model: the read store's
   * round trips of one partition overlap another's (customer-keyed read models only).
   */
  partitionsAtOnce: number;
}

export { ConfigError };

export const DEVELOPMENT_API_KEYS: ReadonlyArray<[string, Role]> = [
  ['dev-channel-key', 'channel'],
  ['dev-agent-key', 'agent'],
  ['dev-analyst-key', 'analyst'],
  ['dev-auditor-key', 'auditor'],
  ['dev-admin-key', 'admin'],
];

const DEFAULT_TARGETS: KpiTarget[] = [
  { kpi: 'sla_compliance', target: 0.9, by: '2027-12-31' },
  { kpi: 'average_csat', target: 4.2, by: '2027-12-31' },
];

export function loadConfig(env: Env = process.env): CrmConfig {
  const keys = parseApiKeys(env['CRM_API_KEYS']);
  // The well-known development keys exist only in development: in production (NODE_ENV=production)
  // without CRM_API_KEYS, machines use admin-made keys (/admin/api-keys) and people sign in.
  const production = env['NODE_ENV'] === 'production';
  return {
    host: env['CRM_HOST'] || '127.0.0.1',
    port: integer(env, 'CRM_PORT', 3000, 0, 65535),
    dataDir: resolve(env['CRM_DATA_DIR'] || 'data'),
    eventStoreDir: resolve(env['CRM_EVENT_STORE_DIR'] || env['CRM_DATA_DIR'] || 'data'),
    consoleDir: resolve(env['CRM_CONSOLE_DIR'] || 'dist/console'),
    durability: oneOf(env, 'CRM_DURABILITY', ['FULL', 'NORMAL'] as const, 'FULL'),
    apiKeys: keys ?? (production ? new Map() : new Map(DEVELOPMENT_API_KEYS)),
    usingDevelopmentKeys: keys === null && !production,
    actorLabelKey: secret(env, 'CRM_ACTOR_LABEL_KEY', 16),
    bodyLimit: env['CRM_BODY_LIMIT'] || '256kb',
    maxBatchCommands: integer(env, 'CRM_MAX_BATCH_COMMANDS', 500, 1, 10000),
    readYourWritesTimeoutMs: integer(env, 'CRM_READ_YOUR_WRITES_TIMEOUT_MS', 2000, 0, 60000),
    liveProjectionThreads: integer(
      env,
      'CRM_LIVE_PROJECTION_THREADS',
      availableParallelism() > 1 ? availableParallelism() : 0,
      0,
      64,
    ),
    policy: env['CRM_POLICY_FILE'] ? parsePolicy(readJson('CRM_POLICY_FILE', env['CRM_POLICY_FILE'])) : DEFAULT_POLICY,
    sessions: {
      idleSeconds: integer(env, 'CRM_SESSION_IDLE_SECONDS', 1800, 1, 86_400),
      maxSeconds: integer(env, 'CRM_SESSION_MAX_SECONDS', 43_200, 1, 2_592_000),
    },
    signIn: {
      maxFailures: integer(env, 'CRM_SIGN_IN_MAX_FAILURES', 5, 1, 100),
      lockSeconds: integer(env, 'CRM_SIGN_IN_LOCK_SECONDS', 900, 1, 86_400),
    },
    oidc: loadOidcConfig(env),
    forwarding: loadForwardingConfig(env),
    staffReferences: oneOf(env, 'CRM_STAFF_REFERENCES', ['directory', 'free-text'] as const, 'directory'),
    targets: env['CRM_TARGETS'] ? parseTargets(env['CRM_TARGETS']) : DEFAULT_TARGETS,
    logLevel: oneOf(env, 'CRM_LOG_LEVEL', ['silent', 'error', 'info', 'debug'] as const, 'info'),
    eventStore: env['EVENTSTORE_CONNECTION_STRING'] ? { connectionString: env['EVENTSTORE_CONNECTION_STRING'] } : null,
    mongodb: env['MONGODB_URI'] ? { uri: env['MONGODB_URI'], database: env['MONGODB_DATABASE'] || 'ledger' } : null,
    kafka: env['KAFKA_BROKERS'] ? parseKafka(env) : null,
    keyStore: parseKeyStore(env),
    checkpoints: {
      keyFile: env['CRM_CHECKPOINT_KEY'] ? resolve(env['CRM_CHECKPOINT_KEY']) : null,
      witnessFile: env['CRM_CHECKPOINT_WITNESS'] ? resolve(env['CRM_CHECKPOINT_WITNESS']) : null,
      everyEvents: integer(env, 'CRM_CHECKPOINT_EVERY_EVENTS', 1000, 1, 10_000_000),
      intervalMs: integer(env, 'CRM_CHECKPOINT_INTERVAL_MS', 60_000, 100, 86_400_000),
    },
    valueFitIntervalMs: duration(env, 'CRM_VALUE_FIT_INTERVAL', 60_000),
    derivedEvents: {
      enabled: oneOf(env, 'CRM_DERIVED_EVENTS', ['on', 'off'] as const, 'on') === 'on',
      evaluateEveryMs: integer(env, 'CRM_SEGMENT_EVENTS_INTERVAL_MS', 60_000, 50, 86_400_000),
      kafkaTopic: env['CRM_KAFKA_DERIVED_TOPIC'] || 'crm.derived-events',
      webhooks: {
        maxAttempts: integer(env, 'CRM_WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
        initialBackoffMs: integer(env, 'CRM_WEBHOOK_BACKOFF_MS', 1000, 1, 3_600_000),
        maxBackoffMs: integer(env, 'CRM_WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1, 86_400_000),
        timeoutMs: integer(env, 'CRM_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
        pollMs: integer(env, 'CRM_WEBHOOK_POLL_MS', 1000, 10, 3_600_000),
      },
    },
  };
}

/**
 * With MONGODB_URI set the keys default to that server, database `<MONGODB_DATABASE>_keys`;
 * CRM_KEY_STORE_URI / CRM_KEY_STORE_DATABASE put them elsewhere. Never the read models' database.
 */
function parseKeyStore(env: Env): CrmConfig['keyStore'] {
  const uri = env['CRM_KEY_STORE_URI'] || env['MONGODB_URI'];
  if (!uri) return null;
  const readModels = env['MONGODB_DATABASE'] || 'ledger';
  const database = env['CRM_KEY_STORE_DATABASE'] || `${readModels}_keys`;
  if (env['MONGODB_URI'] && database === readModels && uri === env['MONGODB_URI']) {
    throw new ConfigError(
      'CRM_KEY_STORE_DATABASE',
      'must differ from MONGODB_DATABASE (keys never live with read models)',
    );
  }
  return { uri, database, cacheMs: integer(env, 'CRM_KEY_CACHE_MS', 60_000, 0, 86_400_000) };
}

function parseKafka(env: Env): KafkaConfig {
  const brokers = (env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^:\s]+:\d+$/.test(broker)) throw new ConfigError('KAFKA_BROKERS', `'${broker}' must be host:port`);
  }
  const topic = env['CRM_KAFKA_TOPIC'] || 'crm.customer-events';
  const logTopic = env['CRM_KAFKA_LOG_TOPIC'] || 'crm.log';
  if (topic === logTopic) throw new ConfigError('CRM_KAFKA_LOG_TOPIC', 'must differ from CRM_KAFKA_TOPIC');
  return {
    brokers,
    topic,
    logTopic,
    partitions: integer(env, 'CRM_KAFKA_PARTITIONS', 6, 1, 1000),
    groupPrefix: env['CRM_KAFKA_GROUP_PREFIX'] || 'ledger-projection',
    partitionsAtOnce: integer(env, 'CRM_KAFKA_PARTITIONS_AT_ONCE', 3, 1, 64),
  };
}

/** `key1:role,key2:role`. */
function parseApiKeys(raw: string | undefined): Map<string, Role> | null {
  if (!raw) return null;
  const keys = new Map<string, Role>();
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at);
    const role = entry.slice(at + 1) as Role;
    if (at <= 0 || !ROLES.includes(role)) {
      throw new ConfigError('CRM_API_KEYS', `entry '${entry}' must be key:role with role one of ${ROLES.join(', ')}`);
    }
    if (key.length < 8) throw new ConfigError('CRM_API_KEYS', `key for role ${role} is shorter than 8 characters`);
    keys.set(key, role);
  }
  return keys;
}
