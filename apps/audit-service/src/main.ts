// The auditors' side alone (distributed mode): history, verification, time travel, provenance,
// subject-access export, the access log and the signed checkpoints, replayed from the event
// store (never from read models) and decrypted with the shared key store. Same feature module
// as in `crm`, split out because the query service serves read models only.
import { AuditModule } from '@ledger/audit';
import { bootstrapService, runService } from '@ledger/platform';

runService(() => bootstrapService('audit-service', 'Ledger CRM — audit-service', [AuditModule]), 'audit-service');
