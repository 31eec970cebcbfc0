// The command side: HTTP endpoints and the executor they call, which appends events.
import { Module } from '@nestjs/common';
import { BatchController } from './batch.controller';
import { CommandExecutor } from './command-executor';
import { CustomerCommandsController } from './customer-commands.controller';
import { ErasureController } from './erasure.controller';
import { MergeController } from './merge.controller';
import { UsersController } from './users.controller';

@Module({
  controllers: [CustomerCommandsController, BatchController, ErasureController, MergeController, UsersController],
  providers: [CommandExecutor],
  exports: [CommandExecutor],
})
export class CommandsModule {}
