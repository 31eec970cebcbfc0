// The auditors' side alone (distributed mode): history, verification, time travel, provenance,
// subject-access export, the access log and the signed checkpoints, replayed from the event
// store (never from read models) and decrypted with the shared key store. Same feature module
// as in `crm`, split out because the query service serves read models only. People signed in on
// the command service are recognised here from the shared sign-in store (SessionCheckModule).
import { AuditModule } from '@ledger/audit';
import { SessionCheckModule } from '@ledger/people';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () => bootstrapService('audit-service', 'Ledger CRM — audit-service', [AuditModule, SessionCheckModule]),
  'audit-service',
);
