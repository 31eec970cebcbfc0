// The command side alone: validates commands and appends events, and signs people in (sign-in,
// sign-out, single sign-on, admin-made API keys: it appends the directory's events) over the
// sign-in store every service shares. Same feature modules as in `crm`, split out so each part
// scales on its own.
import { CommandsModule } from '@ledger/commands';
import { PeopleModule } from '@ledger/people';
import { bootstrapService, runService } from '@ledger/platform';

runService(
  () => bootstrapService('command-service', 'Ledger CRM — command-service', [CommandsModule, PeopleModule]),
  'command-service',
);
