// One batch item from input to outcome, shared by POST /commands/batch and the embedded importer
// (libs/import), so both validate, map and run an item exactly the same way.
import { plainToInstance } from 'class-transformer';
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { flatten, toBody, validateInput, type ErrorBody } from '@ledger/http';
import { COMMANDS, type CommandName } from './command-catalogue';
import type { CommandOptions, CommandResult, DomainCommand } from './command-executor';
import { commandOptions, type CommandCaller } from './command-request';

export interface BatchItem {
  command: CommandName;
  customerId?: string;
  caseId?: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
}

export interface BatchItemResult {
  index: number;
  status: number;
  result?: CommandResult;
  error?: ErrorBody;
}

export type PreparedItem = { command: DomainCommand; options: CommandOptions } | { problems: FieldProblem[] };

const NO_CUSTOMER: readonly CommandName[] = ['RegisterCustomer', 'LaunchCampaign'];
/** Commands that act on an existing complaint case, named by the item's caseId. */
const CASE_COMMANDS = new Set<CommandName>(['EscalateComplaint', 'AssignComplaint', 'ResolveComplaint']);

/** Validates one item and maps it to the domain command; problems name the field as `commands[i].…`. */
export async function prepareItem(item: BatchItem, index: number, caller: CommandCaller): Promise<PreparedItem> {
  const prefix = `commands[${index}]`;
  const entry = COMMANDS[item.command];
  const body = plainToInstance(entry.dto as new () => object, item.body);
  const errors = await validateInput(body);
  if (errors.length > 0) return { problems: flatten(errors, `${prefix}.body`) };
  if (!NO_CUSTOMER.includes(item.command) && !item.customerId) {
    return { problems: [{ field: `${prefix}.customerId`, reason: `${item.command} needs a customerId` }] };
  }
  const needsCase = CASE_COMMANDS.has(item.command);
  if (needsCase && !item.caseId) {
    return { problems: [{ field: `${prefix}.caseId`, reason: `${item.command} needs a caseId` }] };
  }
  const batchKey = header(caller, 'idempotency-key');
  const key = item.idempotencyKey ?? (batchKey !== undefined ? `${batchKey}:${index}` : undefined);
  const scoped: CommandCaller = { principal: caller.principal, headers: { ...caller.headers, 'idempotency-key': key } };
  try {
    const options = commandOptions(scoped, { name: item.command, params: item, dto: body });
    const toCommand = entry.toCommand as (dto: object, target: object) => DomainCommand;
    const warnings: FieldProblem[] = [];
    const command = toCommand(body, {
      customerId: item.customerId,
      caseId: item.caseId,
      commandId: options.commandId,
      warnings,
    });
    if (warnings.length > 0)
      options.warnings = warnings.map((w) => ({ field: `${prefix}.body.${w.field}`, reason: w.reason }));
    return { command, options };
  } catch (error) {
    if (error instanceof ValidationFailed) {
      return { problems: error.problems.map((p) => ({ field: `${prefix}.${p.field}`, reason: p.reason })) };
    }
    throw error;
  }
}

/** Runs one prepared item; refusals (4xx) become the item's outcome, anything else propagates. */
export async function runItem(
  prepared: PreparedItem,
  index: number,
  execute: (command: DomainCommand, options: CommandOptions) => Promise<CommandResult>,
): Promise<BatchItemResult> {
  if ('problems' in prepared) return { index, status: 400, error: toBody(new ValidationFailed(prepared.problems)) };
  try {
    const result = await execute(prepared.command, prepared.options);
    return { index, status: result.replayed || result.events.length === 0 ? 200 : 201, result };
  } catch (error) {
    const body = toBody(error);
    if (body.statusCode >= 500) throw error;
    return { index, status: body.statusCode, error: body };
  }
}

function header(caller: CommandCaller, name: string): string | undefined {
  const value = caller.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
