// Turns the body of POST /commands/batch into prepared items (validated, mapped, request-hashed),
// in the order of checks the endpoint has always made: the envelope, then (by the caller) the
// mode, then the number of commands, then each item. The same function runs on the request
// thread for small batches and on the preparation thread for large ones (batch-preparer.ts), so
// both answer alike.
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { batchEnvelope } from './batch-envelope';
import { prepareItem, type BatchItem, type PreparedItem } from './batch-items';
import type { CommandCaller } from './command-request';

export type BatchPreparation =
  /** The envelope is malformed: refused with these problems, nothing else looked at. */
  | { envelope: FieldProblem[] }
  /** More commands than allowed: the items were not prepared. */
  | { tooMany: number }
  | { items: PreparedItem[] };

/** Items the caller built itself (the embedded importer): each validated and mapped, no envelope. */
export async function prepareItems(items: BatchItem[], caller: CommandCaller): Promise<PreparedItem[]> {
  return Promise.all(items.map((item, index) => prepareItem(item, index, caller)));
}

export async function prepareBatch(body: unknown, caller: CommandCaller, max: number): Promise<BatchPreparation> {
  let commands;
  try {
    commands = (await batchEnvelope(body)).commands;
  } catch (error) {
    if (error instanceof ValidationFailed) return { envelope: error.problems };
    throw error;
  }
  if (commands.length > max) return { tooMany: commands.length };
  return { items: await prepareItems(commands, caller) };
}
