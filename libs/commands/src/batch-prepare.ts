// Turns the body of POST /commands/batch into prepared items (validated, mapped, request-hashed),
// in the order of checks the endpoint has always made: the envelope, then (by the caller) the
// mode, then the number of commands, then each item. The same function runs on the request
// thread for small batches and on the preparation thread for large ones (batch-preparer.ts), so
// both answer alike.
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { batchEnvelope } from './batch-envelope';
import { prepareItem, type BatchItem, type PreparedItem } from './batch-item-prepare';
import type { CommandCaller } from './command-request';

export type BatchPreparation =
  /**
   * The envelope is malformed: refused with these problems. When only some items' own fields are
   * wrong (a customerId that is no id, an unknown command), `withItemProblems` holds every item
   * prepared, those with their envelope problems: mode=partial refuses just them.
   */
  | { envelope: FieldProblem[]; withItemProblems?: PreparedItem[] }
  /** More commands than allowed: the items were not prepared. */
  | { tooMany: number }
  | { items: PreparedItem[] };

/**
 * Items validated and mapped, no envelope. One after the other, not all started at once: each
 * item's transient objects (its DTO, class-validator's run) are then garbage before the next
 * item starts, instead of surviving, a whole batch of them, to be copied by the collector.
 */
export async function prepareItems(items: BatchItem[], caller: CommandCaller): Promise<PreparedItem[]> {
  const prepared: PreparedItem[] = [];
  for (let index = 0; index < items.length; index++) prepared.push(await prepareItem(items[index], index, caller));
  return prepared;
}

/**
 * What a unit mapper makes of one unit (the embedded importer: an order's rows): its items, with
 * anything about the unit worth telling that does not keep it out, or why not.
 */
export type MappedUnit = { items: BatchItem[]; notes?: FieldProblem[] } | { problem: FieldProblem };
/** Maps a batch of units, in its own wire form, to items; may keep state across batches (customers registered). */
export interface UnitMapper {
  map(units: unknown): MappedUnit[];
}
/**
 * Where a unit mapper comes from: a module exporting `createUnitMapper(config)`. The mapper lives
 * in a library above this one (libs/import), so it is named by path and loaded where the units
 * are prepared, on the thread or inline.
 */
export interface UnitMapperSource {
  module: string;
  config: unknown;
}
export type PreparedUnit = { items: PreparedItem[]; notes?: FieldProblem[] } | { problem: FieldProblem };

export function loadUnitMapper(source: UnitMapperSource): UnitMapper {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- named at run time, see UnitMapperSource
  const loaded = require(source.module) as { createUnitMapper(config: unknown): UnitMapper };
  return loaded.createUnitMapper(source.config);
}

/** Maps the units, then prepares their items as prepareItems does one batch of them all (numbered across units). */
export async function prepareUnits(mapper: UnitMapper, units: unknown, caller: CommandCaller): Promise<PreparedUnit[]> {
  const mapped = mapper.map(units);
  const items = mapped.flatMap((unit) => ('items' in unit ? unit.items : []));
  const prepared = await prepareItems(items, caller);
  let offset = 0;
  return mapped.map((unit) =>
    'items' in unit
      ? { items: prepared.slice(offset, (offset += unit.items.length)), ...(unit.notes ? { notes: unit.notes } : {}) }
      : { problem: unit.problem },
  );
}

export async function prepareBatch(body: unknown, caller: CommandCaller, max: number): Promise<BatchPreparation> {
  let commands;
  try {
    commands = (await batchEnvelope(body)).commands;
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    const byItem = itemProblems(body, error.problems, max);
    if (!byItem) return { envelope: error.problems };
    const items = (body as { commands: BatchItem[] }).commands;
    // One after the other, as prepareItems does, and for the same reason.
    const prepared: PreparedItem[] = [];
    for (let index = 0; index < items.length; index++) {
      const problems = byItem.get(index);
      prepared.push(problems ? { problems } : await prepareItem(items[index], index, caller));
    }
    return { envelope: error.problems, withItemProblems: prepared };
  }
  if (commands.length > max) return { tooMany: commands.length };
  return { items: await prepareItems(commands, caller) };
}

/**
 * The envelope's problems by item, when every one is about an item's own field of a batch that is
 * otherwise well formed (a list of objects, not too long); null when the batch itself is wrong.
 */
function itemProblems(body: unknown, problems: FieldProblem[], max: number): Map<number, FieldProblem[]> | null {
  const commands = (body as { commands?: unknown } | null)?.commands;
  if (!Array.isArray(commands) || commands.length > max) return null;
  const byItem = new Map<number, FieldProblem[]>();
  for (const problem of problems) {
    const index = /^commands\[(\d+)\]\./.exec(problem.field)?.[1];
    if (index === undefined) return null;
    byItem.set(Number(index), [...(byItem.get(Number(index)) ?? []), problem]);
  }
  return byItem;
}
