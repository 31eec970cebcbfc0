// The auditors' side: history, verification, time travel, provenance, subject access, and the
// log of who read what. Everything is replayed from the event store, never from read models
// (except the relative RFM population and the export's summary, which say so).
import { Module } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { AccessLog } from './access-log';
import { AccessLogController } from './access-log.controller';
import { ActorEventsController } from './actor-events.controller';
import { ACCESS_LOG, AuditAccess } from './audit-access';
import { AuditHistoryController } from './audit-history.controller';
import { Checkpointer } from './checkpoints/checkpointer';
import { CheckpointsController } from './checkpoints/checkpoints.controller';
import { CustomerHistory } from './customer-history';
import { SubjectAccessController } from './subject-access.controller';
import { TimeTravelController } from './time-travel.controller';

@Module({
  controllers: [
    AuditHistoryController,
    TimeTravelController,
    SubjectAccessController,
    AccessLogController,
    ActorEventsController,
    CheckpointsController,
  ],
  providers: [
    CustomerHistory,
    Checkpointer,
    AuditAccess,
    { provide: ACCESS_LOG, inject: [CRM_CONFIG], useFactory: (config: CrmConfig) => AccessLog.open(config.dataDir) },
  ],
  exports: [CustomerHistory, Checkpointer],
})
export class AuditModule {}
