// The CQRS seam: controllers put a domain command on the CommandBus; this handler runs it.
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CampaignCommand, CustomerCommand } from '@ledger/domain';
import { CommandExecutor, type CommandOptions, type CommandResult } from './command-executor';

export class ExecuteCommand extends Command<CommandResult> {
  constructor(
    readonly command: CustomerCommand | CampaignCommand,
    readonly options: CommandOptions,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCommand)
export class ExecuteCommandHandler implements ICommandHandler<ExecuteCommand, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, options }: ExecuteCommand): Promise<CommandResult> {
    return command.type === 'LaunchCampaign'
      ? this.executor.executeCampaign(command, options)
      : this.executor.executeCustomer(command, options);
  }
}
