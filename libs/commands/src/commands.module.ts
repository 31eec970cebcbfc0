// The command side: HTTP endpoints and the executor they call, which appends events.
import { Module } from '@nestjs/common';
import { BatchController } from './batch.controller';
import { CommandExecutor } from './command-executor';
import { CustomerCommandsController } from './customer-commands.controller';
import { ErasureController } from './erasure.controller';

@Module({
  controllers: [CustomerCommandsController, BatchController, ErasureController],
  providers: [CommandExecutor],
  exports: [CommandExecutor],
})
export class CommandsModule {}
