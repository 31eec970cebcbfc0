// The command side: HTTP endpoints, the CQRS handler and the executor that appends events.
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BatchController } from './batch.controller';
import { CommandExecutor } from './command-executor';
import { CustomerCommandsController } from './customer-commands.controller';
import { ErasureController } from './erasure.controller';
import { ExecuteCommandHandler } from './execute-command.handler';
import { MergeController } from './merge.controller';

@Module({
  imports: [CqrsModule],
  controllers: [CustomerCommandsController, BatchController, ErasureController, MergeController],
  providers: [CommandExecutor, ExecuteCommandHandler],
  exports: [CommandExecutor],
})
export class CommandsModule {}
