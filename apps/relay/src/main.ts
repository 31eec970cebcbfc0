// The relay alone: publishes the event log to Kafka (distributed mode; needs KAFKA_BROKERS).
import { bootstrapService, runService } from '@ledger/platform';
import { RelayModule } from '@ledger/relay';

runService(() => bootstrapService('relay', 'Ledger CRM — relay', [RelayModule]), 'relay');
