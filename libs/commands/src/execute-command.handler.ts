// The CQRS seam: controllers put a domain command on the CommandBus; this handler runs it (and
// times it for the command latency histogram: single commands and batch items alike pass here).
import { performance } from 'node:perf_hooks';
import { Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CampaignCommand, CustomerCommand } from '@ledger/domain';
import { Metrics } from '@ledger/platform';
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
  constructor(
    private readonly executor: CommandExecutor,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async execute({ command, options }: ExecuteCommand): Promise<CommandResult> {
    const started = performance.now();
    let outcome: 'ok' | 'refused' = 'refused';
    try {
      const result =
        command.type === 'LaunchCampaign'
          ? await this.executor.executeCampaign(command, options)
          : await this.executor.executeCustomer(command, options);
      outcome = 'ok';
      return result;
    } finally {
      this.metrics?.observeCommand(command.type, outcome, (performance.now() - started) / 1000);
    }
  }
}
