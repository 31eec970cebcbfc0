// The projection side alone: tails the event log into the read models.
// Same feature module as in `crm`, split out so each part scales on its own.
import { ProjectionsModule } from '@ledger/projection-runner';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () => bootstrapService('projection-service', 'Ledger CRM — projection-service', [ProjectionsModule]),
  'projection-service',
);
