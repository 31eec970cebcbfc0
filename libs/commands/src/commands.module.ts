// The command side: HTTP endpoints and the executor they call, which appends events.
import { Module } from '@nestjs/common';
import { CLOCK, CRM_CONFIG, type Clock, type CrmConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Metrics } from '@ledger/http';
import { PERSONAL_DATA, type PersonalDataVault } from '@ledger/personal-data';
import { BatchController } from './batch.controller';
import { CommandExecutor } from './command-executor';
import { CustomerCommandsController } from './customer-commands.controller';
import { ErasureController } from './erasure.controller';
import { MergeController } from './merge.controller';
import { UsersController } from './users.controller';

@Module({
  controllers: [CustomerCommandsController, BatchController, ErasureController, MergeController, UsersController],
  providers: [
    {
      // A factory: the executor carries no NestJS decorators (command-executor.ts says why).
      provide: CommandExecutor,
      useFactory: (store: EventStore, config: CrmConfig, clock: Clock, vault: PersonalDataVault, metrics?: Metrics) =>
        new CommandExecutor(store, config, clock, vault, metrics),
      inject: [EVENT_STORE, CRM_CONFIG, CLOCK, PERSONAL_DATA, { token: Metrics, optional: true }],
    },
  ],
  exports: [CommandExecutor],
})
export class CommandsModule {}
