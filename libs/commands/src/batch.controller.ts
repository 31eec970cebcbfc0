// For channels that send many facts at once (a till closing its day, an email gateway).
// Validation is all-or-nothing: one malformed item and nothing is written. Then each item
// runs as its own command (items for different customers concurrently, group-committed);
// business refusals are reported per item.
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { Requires, flatten, toBody, validateInput, type AuthenticatedRequest } from '@ledger/http';
import { COMMANDS, COMMAND_NAMES, type CommandName } from './command-catalogue';
import { commandOptions } from './command-request';
import { CommandExecutor, type CommandOptions, type CommandResult, type DomainCommand } from './command-executor';
import { ID_PATTERN } from './dto/fields';

/** Commands that act on an existing complaint case, named by the item's caseId. */
const CASE_COMMANDS = new Set<CommandName>(['EscalateComplaint', 'AssignComplaint', 'ResolveComplaint']);

class BatchItemDto {
  @ApiProperty({ enum: COMMAND_NAMES })
  @IsIn(COMMAND_NAMES, { message: `$property must be one of: ${COMMAND_NAMES.join(', ')}` })
  command!: CommandName;
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be a customer id' })
  customerId?: string;
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be a complaint case id' })
  caseId?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: '$property must be 1-128 characters: letters, digits, . _ : -' })
  idempotencyKey?: string;
  @ApiProperty({ description: "the same body as the command's own endpoint" })
  @IsObject({ message: '$property must be an object' })
  body!: Record<string, unknown>;
}

export class BatchDto {
  @ApiProperty({ type: [BatchItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property must contain at least one command' })
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto)
  commands!: BatchItemDto[];
}

interface PreparedCommand {
  command: DomainCommand;
  options: CommandOptions;
}

export interface BatchItemResult {
  index: number;
  status: number;
  result?: CommandResult;
  error?: ReturnType<typeof toBody>;
}

@ApiTags('commands')
@Controller('commands')
@Requires('write')
export class BatchController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
  ) {}

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run many commands; validation is all-or-nothing, outcomes are per item' })
  async batch(@Body() dto: BatchDto, @Req() req: AuthenticatedRequest) {
    const max = this.config.maxBatchCommands;
    if (dto.commands.length > max) {
      throw new ValidationFailed([{ field: 'commands', reason: `at most ${max} commands per batch` }]);
    }
    const prepared = await Promise.all(dto.commands.map((item, index) => this.prepare(item, index, req)));
    const problems = prepared.flatMap((p) => ('problems' in p ? p.problems : []));
    if (problems.length > 0) throw new ValidationFailed(problems);
    const results = await Promise.all(
      prepared.map(async (p, index): Promise<BatchItemResult> => {
        if (!('command' in p)) throw new Error('unreachable: validated above');
        try {
          const result = await this.executor.execute(p.command, p.options);
          return { index, status: result.replayed || result.events.length === 0 ? 200 : 201, result };
        } catch (error) {
          const body = toBody(error);
          if (body.statusCode >= 500) throw error;
          return { index, status: body.statusCode, error: body };
        }
      }),
    );
    const failed = results.filter((r) => r.status >= 400).length;
    return { succeeded: results.length - failed, failed, results };
  }

  private async prepare(
    item: BatchItemDto,
    index: number,
    req: AuthenticatedRequest,
  ): Promise<PreparedCommand | { problems: FieldProblem[] }> {
    const prefix = `commands[${index}]`;
    const entry = COMMANDS[item.command];
    const body = plainToInstance(entry.dto as new () => object, item.body);
    const errors = await validateInput(body);
    if (errors.length > 0) return { problems: flatten(errors, `${prefix}.body`) };
    const needsCustomer = !['RegisterCustomer', 'LaunchCampaign'].includes(item.command);
    if (needsCustomer && !item.customerId) {
      return { problems: [{ field: `${prefix}.customerId`, reason: `${item.command} needs a customerId` }] };
    }
    const needsCase = CASE_COMMANDS.has(item.command);
    if (needsCase && !item.caseId) {
      return { problems: [{ field: `${prefix}.caseId`, reason: `${item.command} needs a caseId` }] };
    }
    const batchKey = req.headers['idempotency-key'];
    const key = item.idempotencyKey ?? (typeof batchKey === 'string' ? `${batchKey}:${index}` : undefined);
    const scoped = {
      principal: req.principal,
      headers: { ...req.headers, 'idempotency-key': key },
    } as unknown as AuthenticatedRequest;
    try {
      const options = commandOptions(scoped, { name: item.command, params: item, dto: body });
      const toCommand = entry.toCommand as (dto: object, target: object) => DomainCommand;
      const command = toCommand(body, {
        customerId: item.customerId,
        caseId: item.caseId,
        commandId: options.commandId,
      });
      return { command, options };
    } catch (error) {
      if (error instanceof ValidationFailed) {
        return { problems: error.problems.map((p) => ({ field: `${prefix}.${p.field}`, reason: p.reason })) };
      }
      throw error;
    }
  }
}
