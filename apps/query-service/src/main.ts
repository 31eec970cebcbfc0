// The query side alone: serves the read models and the console to agents and analysts, and
// evaluates segment events for other systems (CRM_DERIVED_EVENTS=off on all replicas but one).
// Same feature modules as in `crm`, split out so each part scales on its own. People signed in on
// the command service are recognised here from the shared sign-in store (SessionCheckModule).
// The console's commands, sign-in and audit reads are forwarded to the command and audit
// services (CRM_COMMAND_SERVICE_URL, CRM_AUDIT_SERVICE_URL): the modules listed under `forward`
// are the ones those services run, read for their routes only, never started here.
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { DerivedEventsModule } from '@ledger/derived-events';
import { PeopleModule, SessionCheckModule } from '@ledger/people';
import { QueriesModule } from '@ledger/queries';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () =>
    bootstrapService(
      'query-service',
      'Ledger CRM — query-service',
      [QueriesModule, DerivedEventsModule, SessionCheckModule],
      process.env,
      {
        console: true,
        forward: { command: [CommandsModule, PeopleModule], audit: [AuditModule] },
      },
    ),
  'query-service',
);
