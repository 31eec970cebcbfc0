// Validates one batch item and maps it to its domain command, for POST /commands/batch and the
// embedded importer alike, on the request thread or the preparation thread. It loads only what
// validating and mapping need (class-validator, the DTOs, `@ledger/http/validation` and
// `/proven-valid`), not the HTTP layer or NestJS: the preparation thread starts by loading this.
import { plainToInstance } from 'class-transformer';
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { provenValid } from '@ledger/http/proven-valid';
import { flatten, validateInput } from '@ledger/http/validation';
import { COMMANDS, type CommandName } from './command-catalogue';
import type { CommandOptions, DomainCommand } from './command-executor';
import { commandOptions, type CommandCaller } from './command-request';

export interface BatchItem {
  command: CommandName;
  customerId?: string;
  caseId?: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
}

export type PreparedItem = { command: DomainCommand; options: CommandOptions } | { problems: FieldProblem[] };

const NO_CUSTOMER: readonly CommandName[] = ['RegisterCustomer', 'LaunchCampaign'];
/** Commands that act on an existing complaint case, named by the item's caseId. */
const CASE_COMMANDS = new Set<CommandName>(['EscalateComplaint', 'AssignComplaint', 'ResolveComplaint']);

/** Validates one item and maps it to the domain command; problems name the field as `commands[i].…`. */
export async function prepareItem(item: BatchItem, index: number, caller: CommandCaller): Promise<PreparedItem> {
  const prefix = `commands[${index}]`;
  const entry = COMMANDS[item.command];
  const dto = entry.dto as new () => object;
  // Most bodies are proven valid without class-validator; the others are validated by it, so a
  // refused body's problems are class-validator's.
  let body = provenValid(dto, item.body);
  if (!body) {
    body = plainToInstance(dto, item.body);
    const errors = await validateInput(body);
    if (errors.length > 0) return { problems: flatten(errors, `${prefix}.body`) };
  }
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

function header(caller: CommandCaller, name: string): string | undefined {
  const value = caller.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
