// The all-in-one CRM, embedded: command side, projections and queries in one process over
// SQLite files. Used by main.ts and by the end-to-end tests (real app, real port).
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { PeopleModule } from '@ledger/people';
import { DerivedEventsModule } from '@ledger/derived-events';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import { ProjectionsModule } from '@ledger/projection-runner';
import { QueriesModule } from '@ledger/queries';
import { RelayModule } from '@ledger/relay';
import { loadConfig } from '@ledger/config';
import type { DestinationStream } from 'pino';

export function startCrm(
  env: Record<string, string | undefined> = process.env,
  /** Where the JSON log lines go; standard output by default (tests pass a stream they read). */
  logDestination?: DestinationStream,
): Promise<StartedApp> {
  // With KAFKA_BROKERS the projections consume Kafka, so the all-in-one app relays to it too.
  const relay = loadConfig(env).kafka ? [RelayModule] : [];
  return bootstrapService(
    'crm',
    'Ledger CRM',
    [CommandsModule, ProjectionsModule, QueriesModule, DerivedEventsModule, AuditModule, PeopleModule, ...relay],
    env,
    { console: true, logDestination },
  );
}
