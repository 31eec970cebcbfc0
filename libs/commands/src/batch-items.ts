// One batch item from input to outcome, shared by POST /commands/batch and the embedded importer
// (libs/import), so both validate, map and run an item exactly the same way. Preparing an item
// (batch-item-prepare.ts) is apart: the preparation thread loads that without the HTTP layer.
import { ValidationFailed } from '@ledger/domain';
import { toBody } from '@ledger/http/error-body';
import type { ErrorBody } from '@ledger/http/api';
import type { PreparedItem } from './batch-item-prepare';
import type { CommandOptions, CommandResult, DomainCommand } from './command-executor';

// Types only: preparing loads class-validator and the DTOs, which the import CLI's main thread, that
// runs items its preparation thread prepared, does without (the library's index exports prepareItem).
export type { BatchItem, PreparedItem } from './batch-item-prepare';

export interface BatchItemResult {
  index: number;
  status: number;
  result?: CommandResult;
  error?: ErrorBody;
  /** An item validated but not run (the importer's dry run): what its result's warnings would say. */
  warnings?: CommandResult['warnings'];
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
