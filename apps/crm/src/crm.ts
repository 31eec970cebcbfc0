// The all-in-one CRM, embedded: command side, projections and queries in one process over
// SQLite files. Used by main.ts and by the end-to-end tests (real app, real port).
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import { ProjectionsModule } from '@ledger/projection-runner';
import { QueriesModule } from '@ledger/queries';

export function startCrm(env: Record<string, string | undefined> = process.env): Promise<StartedApp> {
  return bootstrapService('crm', 'Ledger CRM', [CommandsModule, ProjectionsModule, QueriesModule, AuditModule], env);
}
