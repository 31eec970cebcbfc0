// The query side alone: serves the read models and the console to agents and analysts.
// Same feature module as in `crm`, split out so each part scales on its own.
import { QueriesModule } from '@ledger/queries';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () =>
    bootstrapService('query-service', 'Ledger CRM — query-service', [QueriesModule], process.env, { console: true }),
  'query-service',
);
