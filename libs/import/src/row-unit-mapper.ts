// A unit of source rows (one row, or an order's lines) as the importer's commands: the customer's
// registration when first seen, then the unit's own command with its row key. Used inline (HTTP,
// --dry-run) and, for --data-dir, on the sink's preparation thread, which loads this module by
// path (createUnitMapper) so the main thread only reads, decides and appends. Rows cross to the
// thread as arrays (number, original text, column names once per batch, values): structured
// clone copies every key of every object, and a row object repeats its column names.
import type { FieldProblem } from '@ledger/domain';
import type { BatchItem, MappedUnit, UnitMapper } from '@ledger/commands';
import { RowProblem, type Mapping } from './mapping';
import { commandOf, registration, rowKey } from './row-commands';
import type { SourceRow } from './sources';

export interface RowMapperConfig {
  mapping: Mapping;
  /** The source file's identity (fileIdentity), part of every row key. */
  identity: string;
  /** Register customers a row names on first sight. */
  createCustomers: boolean;
}

/** Rows of a batch of units: [row number, original text, column names' index in `columns`, ...values]. */
export type WireRow = [number, string, number, ...string[]];
export interface WireUnits {
  columns: string[][];
  units: WireRow[][];
}

/**
 * The unit's items, or the problem that keeps it out. `registered` holds the customers registered
 * so far: the first unit of a customer that maps carries the registration, in front of its own.
 */
export function mapUnit(
  config: RowMapperConfig,
  registered: Set<string>,
  rows: SourceRow[],
): { items: BatchItem[]; customerId?: string } | { problem: FieldProblem } {
  let unit;
  try {
    unit = commandOf(config.mapping, rows);
  } catch (error) {
    if (!(error instanceof RowProblem)) throw error;
    return { problem: { field: error.field, reason: error.reason } };
  }
  const items: BatchItem[] = [];
  if (config.createCustomers && unit.customerId && !registered.has(unit.customerId)) {
    registered.add(unit.customerId);
    items.push(registration(unit.customerId));
  }
  items.push({ ...unit.item, idempotencyKey: rowKey(config.identity, rows) });
  return { items, customerId: unit.customerId };
}

/** The thread's mapper (see BatchPreparer's `mapper`): it keeps the customers it registered across batches. */
export function createUnitMapper(config: RowMapperConfig): UnitMapper {
  const registered = new Set<string>();
  return {
    map: (units: unknown): MappedUnit[] =>
      fromWire(units as WireUnits).map((rows) => {
        const mapped = mapUnit(config, registered, rows);
        return 'items' in mapped ? { items: mapped.items } : mapped;
      }),
  };
}

export function toWire(units: SourceRow[][]): WireUnits {
  const columns: string[][] = [];
  const known = new Map<string, number>();
  let last: string[] = [];
  let lastIndex = -1;
  const wire = units.map((rows) =>
    rows.map((row): WireRow => {
      const names = Object.keys(row.fields);
      if (lastIndex === -1 || !sameNames(names, last)) {
        const key = names.join('\u0000');
        lastIndex = known.get(key) ?? columns.push(names) - 1;
        known.set(key, lastIndex);
        last = columns[lastIndex];
      }
      return [row.rowNumber, row.raw, lastIndex, ...last.map((name) => row.fields[name])];
    }),
  );
  return { columns, units: wire };
}

function fromWire(wire: WireUnits): SourceRow[][] {
  return wire.units.map((rows) =>
    rows.map(([rowNumber, raw, names, ...values]) => {
      const fields: Record<string, string> = {};
      wire.columns[names].forEach((name, i) => (fields[name] = values[i]));
      return { rowNumber, raw, fields, bytesRead: 0 };
    }),
  );
}

function sameNames(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
