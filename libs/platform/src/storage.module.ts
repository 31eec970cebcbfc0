// Opens the event store, the read store and the messaging chosen by configuration and closes
// them on shutdown. Embedded mode: SQLite files under CRM_DATA_DIR, no messaging. Distributed
// mode, each part by its own variable: EventStoreDB, MongoDB, Kafka.
import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK, CRM_CONFIG, systemClock, type CrmConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { MESSAGING } from '@ledger/messaging';
import { KafkaMessaging } from '@ledger/messaging-kafka';
import { logLevel, type LogEntry } from 'kafkajs';
import { MongoReadStore } from '@ledger/read-store-mongodb';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { READ_STORE, type ReadStore } from '@ledger/read-store';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import {
  openConfiguredVault,
  openPersonalDataVault,
  PERSONAL_DATA,
  type PersonalDataVault,
} from '@ledger/personal-data';
import { ACTOR_LABEL_KEY, API_KEYS, loadActorLabelKey, Metrics, Readiness } from '@ledger/http';
import { registerStorageMetrics } from './observability';

/** The data-directory openers, for the apps' offline tools and end-to-end tests. */
export { openConfiguredVault, openEmbeddedEventStore, openPersonalDataVault };

/** How long readiness waits for Kafka's metadata before calling it unreachable. */
export const KAFKA_READY_TIMEOUT_MS = 2000;

/**
 * The storage checks every service's readiness starts with: the event store and the read store
 * answer, and Kafka (when configured) lists its brokers within KAFKA_READY_TIMEOUT_MS.
 */
function storageReadiness(events: EventStore, reads: ReadStore, messaging: KafkaMessaging | null): Readiness {
  const readiness = new Readiness();
  readiness.register({
    name: 'event-store',
    check: async () => ({ ok: true, detail: { head: await events.headPosition() } }),
  });
  // A checkpoint read touches the store (SQLite file, MongoDB server) without loading documents.
  readiness.register({ name: 'read-store', check: async () => ({ ok: (await reads.checkpoint('health')) >= 0 }) });
  if (messaging) {
    readiness.register({
      name: 'kafka',
      check: async () => ({ ok: true, detail: { brokers: await withTimeout(messaging.brokerCount(), 'kafka') } }),
    });
  }
  return readiness;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${KAFKA_READY_TIMEOUT_MS} ms`)),
      KAFKA_READY_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** kafkajs's entries into the service's JSON log (Nest's logger is backed by pino), not its console lines. */
function kafkaLogs(): (entry: LogEntry) => void {
  const logger = new Logger('Kafka');
  return ({ namespace, level, log: { message, broker, error } }) => {
    const text = `${namespace}: ${message}${broker ? ` (broker ${broker})` : ''}${error ? `: ${error}` : ''}`;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else logger.debug(text);
  };
}

const STORAGE_METRICS = Symbol('STORAGE_METRICS');

@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(PERSONAL_DATA) private readonly vault: PersonalDataVault,
    @Inject(MESSAGING) private readonly messaging: KafkaMessaging | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Messaging first: consumers stop (finishing their batch) before the stores they write close.
    await this.messaging?.close();
    await this.events.close();
    await this.reads.close();
    await this.vault.close();
    this.logger.log('event store and read models closed');
  }
}

@Global()
@Module({})
export class StorageModule {
  static forRoot(config: CrmConfig): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: CRM_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
        { provide: ACTOR_LABEL_KEY, useFactory: () => loadActorLabelKey(config.actorLabelKey, config.dataDir) },
        { provide: CLOCK, useValue: systemClock },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            config.eventStore
              ? EsdbEventStore.connect(config.eventStore.connectionString)
              : openEmbeddedEventStore(config.eventStoreDir, config.durability),
        },
        {
          provide: READ_STORE,
          useFactory: async () => {
            if (config.mongodb) return MongoReadStore.connect(config.mongodb);
            mkdirSync(config.dataDir, { recursive: true });
            return EmbeddedReadStore.open({ file: join(config.dataDir, 'read-models.sqlite') });
          },
        },
        {
          provide: MESSAGING,
          useFactory: () =>
            config.kafka
              ? KafkaMessaging.connect({
                  brokers: config.kafka.brokers,
                  clientId: 'ledger-crm',
                  // kafkajs logs every reconnect attempt at ERROR; CRM_LOG_LEVEL=silent means silent.
                  logLevel: config.logLevel === 'silent' ? logLevel.NOTHING : logLevel.ERROR,
                  logCreator: kafkaLogs,
                })
              : null,
        },
        { provide: PERSONAL_DATA, useFactory: () => openConfiguredVault(config.dataDir, config.keyStore) },
        { provide: Readiness, inject: [EVENT_STORE, READ_STORE, MESSAGING], useFactory: storageReadiness },
        {
          provide: STORAGE_METRICS,
          inject: [EVENT_STORE, { token: Metrics, optional: true }],
          useFactory: (events: EventStore, metrics?: Metrics) =>
            metrics && registerStorageMetrics(metrics, events, config),
        },
        StorageLifecycle,
      ],
      exports: [
        CRM_CONFIG,
        API_KEYS,
        ACTOR_LABEL_KEY,
        CLOCK,
        EVENT_STORE,
        READ_STORE,
        PERSONAL_DATA,
        MESSAGING,
        Readiness,
      ],
    };
  }
}
