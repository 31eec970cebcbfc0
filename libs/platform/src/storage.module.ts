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
import { logLevel } from 'kafkajs';
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
import { ACTOR_LABEL_KEY, API_KEYS, loadActorLabelKey, Readiness } from '@ledger/http';

/** The data-directory openers, for the apps' offline tools and end-to-end tests. */
export { openConfiguredVault, openEmbeddedEventStore, openPersonalDataVault };

/** The storage checks every service's readiness starts with: the event store and the read store answer. */
function storageReadiness(events: EventStore, reads: ReadStore): Readiness {
  const readiness = new Readiness();
  readiness.register({
    name: 'event-store',
    check: async () => ({ ok: true, detail: { head: await events.headPosition() } }),
  });
  // A checkpoint read touches the store (SQLite file, MongoDB server) without loading documents.
  readiness.register({ name: 'read-store', check: async () => ({ ok: (await reads.checkpoint('health')) >= 0 }) });
  return readiness;
}

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
                })
              : null,
        },
        { provide: PERSONAL_DATA, useFactory: () => openConfiguredVault(config.dataDir, config.keyStore) },
        { provide: Readiness, inject: [EVENT_STORE, READ_STORE], useFactory: storageReadiness },
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
