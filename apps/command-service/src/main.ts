// The command side alone: validates commands and appends events.
// Same feature module as in `crm`, split out so each part scales on its own.
import { CommandsModule } from '@ledger/commands';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () => bootstrapService('command-service', 'Ledger CRM — command-service', [CommandsModule]),
  'command-service',
);
