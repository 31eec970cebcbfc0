// The query side alone: serves the read models and the console to agents and analysts, and
// evaluates segment events for other systems (CRM_DERIVED_EVENTS=off on all replicas but one).
// Same feature modules as in `crm`, split out so each part scales on its own. People signed in on
// the command service are recognised here from the shared sign-in store (SessionCheckModule).
import { DerivedEventsModule } from '@ledger/derived-events';
import { SessionCheckModule } from '@ledger/people';
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
      },
    ),
  'query-service',
);
