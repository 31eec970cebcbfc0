// Streams a source file through the mapping into commands, in batches, and keeps account: rows
// that cannot be read or are refused go to the rejects file (original row, row number, field,
// reason); as batches are acknowledged the last row before which everything is done is
// checkpointed, so `--resume` continues there. Keys are deterministic per row, so anything
// re-sent after a crash is written only once.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  openSync,
  readSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { csvRow } from '@ledger/csv';
import type { FieldProblem } from '@ledger/domain';
import type { BatchItem, BatchItemResult } from '@ledger/commands';
import type { Mapping } from './mapping';
import { earliestDates } from './earliest-dates';
import { groupKey, laneKeyOf, unitCustomerOf } from './row-commands';
import { mapUnit, type Registered, type RowMapperConfig } from './row-unit-mapper';
import { SendLanes, type LaneUnit } from './send-lanes';
import type { Sink, UnitOutcome } from './sinks';
import { readRows, type SourceFormat, type SourceRow } from './sources';

export interface ImportOptions {
  file: string;
  format: SourceFormat;
  mapping: Mapping;
  sink: Sink;
  rejectsFile: string;
  /**
   * Where the last acknowledged row is kept for --resume. None for a dry run: it acknowledges
   * nothing, and must not move a real import's checkpoint past rows it never wrote.
   */
  stateFile?: string;
  resume?: boolean;
  /** Commands per batch (HTTP: keep the body under the CRM's limit). */
  batchSize?: number;
  /** Source rows per batch at most (default 5,000; a unit with more rows goes alone), see SendLanes. */
  batchRows?: number;
  /** Batches in flight at once (HTTP); a customer's commands always share one. Default 1. */
  concurrency?: number;
  /**
   * Read the file once first for each customer's earliest date, and register customers as of it
   * rather than as of the first row naming them (a file not oldest first). `onScan` follows that read.
   */
  earliestDates?: boolean;
  onScan?: (progress: { bytesRead: number; totalBytes: number; customers: number }) => void;
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between batches: true stops after the batch in flight (Ctrl-C). */
  stopRequested?: () => boolean;
}

export interface ImportProgress {
  rows: number;
  commands: number;
  accepted: number;
  replayed: number;
  rejected: number;
  bytesRead: number;
  totalBytes: number;
  lastRow: number;
  /**
   * Values imported as given but not recognised (a country no list knows), by the CRM's warning:
   * how often each was seen. At most MAX_KEPT distinct ones are counted, the rest under OTHERS.
   */
  keptAsGiven: Record<string, number>;
  /** What the mapping noted of the rows (REGISTERED_LATE), counted by field and reason. */
  noticed: Record<string, number>;
}

export interface ImportSummary extends ImportProgress {
  skippedRows: number;
  stopped: boolean;
  seconds: number;
}

interface State {
  identity: string;
  lastRow: number;
  /** Begun with --earliest-dates: a resume must be too, or its registrations would differ. */
  earliestDates?: true;
}

interface Pending extends LaneUnit {
  rows: SourceRow[];
  /** The unit's commands when mapped here; absent when the sink maps the rows itself. */
  items?: BatchItem[];
  /** What mapping it here noted. */
  notes?: FieldProblem[];
}

/** The file's identity: its first 4 KB, so the same file under another name or path is the same file. */
export function fileIdentity(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return createHash('sha256').update(buffer.subarray(0, read)).digest('base64url').slice(0, 16);
  } finally {
    closeSync(fd);
  }
}

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const identity = fileIdentity(options.file);
  const { stateFile } = options;
  const createCustomers = createsCustomers(options.mapping);
  const earliest = options.earliestDates === true && createCustomers;
  const resumeFrom = options.resume && stateFile ? readState(stateFile, identity, earliest) : 0;
  const batchSize = options.batchSize ?? 500;
  const config: RowMapperConfig = { mapping: options.mapping, identity, createCustomers };
  const totalBytes = statSync(options.file).size;
  if (earliest) {
    const read = Date.now();
    config.earliestDates = await earliestDates(
      rowsOf(options),
      options.mapping,
      (row, customers) => options.onScan?.({ bytesRead: row.bytesRead, totalBytes, customers }),
      options.stopRequested,
    );
    // Stopped (Ctrl-C) during that read: nothing done, not even the rejects file of a run before removed.
    if (options.stopRequested?.()) return stoppedBeforeImporting(totalBytes, resumeFrom, read);
  }
  const started = Date.now();
  const rowSender = options.sink.rowSender?.(config);
  /** Customers registered (mapped here), or (the sink maps) whose first unit was sent: see addUnit. */
  const registered: Registered = new Map();
  /** Customers whose registration the CRM refused (with why: their later rows are rejected for it), or found done before. */
  const registrations = new RegistrationOutcomes(options.mapping);
  const progress = noProgress(totalBytes, resumeFrom);
  let skippedRows = 0;
  let stopped = false;
  // The rejects file is begun by the first reject: a clean import leaves none behind. A run from
  // the first row removes an earlier run's, which a resumed run appends to.
  if (!options.resume) rmSync(options.rejectsFile, { force: true });
  let rejectsBegun = options.resume && existsSync(options.rejectsFile);
  const reject = (rows: SourceRow[], field: string, reason: string) => {
    progress.rejected += rows.length;
    const lines = rows.map((r) => csvRow([r.rowNumber, field, reason, r.raw])).join('');
    if (rejectsBegun) return appendFileSync(options.rejectsFile, lines);
    writeFileSync(options.rejectsFile, `row,field,reason,original\r\n${lines}`);
    rejectsBegun = true;
  };

  const send = async (units: Pending[]): Promise<UnitOutcome[]> => {
    if (rowSender) return rowSender(units.map((unit) => unit.rows));
    const results = await options.sink.send(units.flatMap((unit) => unit.items ?? []));
    let offset = 0;
    return units.map((unit) => ({ results: results.slice(offset, (offset += unit.commands)), notes: unit.notes }));
  };
  const lanes = new SendLanes<Pending, UnitOutcome>(
    send,
    options.concurrency ?? 1,
    batchSize,
    {
      acknowledged: (units, outcomes) => {
        units.forEach((pending, i) => account(pending, outcomes[i], progress, reject, registrations));
      },
      checkpoint: (lastRow) => {
        progress.lastRow = lastRow;
        if (stateFile) writeState(stateFile, { identity, lastRow, ...(earliest ? { earliestDates: true } : {}) });
        options.onProgress?.({ ...progress });
      },
    },
    options.batchRows ?? 5000,
  );

  const addUnit = async (rows: SourceRow[]) => {
    const lastRow = rows[rows.length - 1].rowNumber;
    const broken = rows.find((r) => r.problem);
    if (broken?.problem) {
      reject(rows, broken.problem.field, broken.problem.reason);
      return lanes.skip(lastRow);
    }
    if (rowSender) {
      // The sink maps the rows; here only the lane (the customer, as the mapping reads it) and
      // the commands the unit will make, for the batch size: a customer's first unit carries its
      // registration. Should that unit not map, the thread registers the customer with their
      // next unit instead, and that batch may hold one command more than counted.
      const customerId = unitCustomerOf(options.mapping, rows[0].fields);
      const registers = createCustomers && customerId !== undefined && !registered.has(customerId);
      if (registers) registered.set(customerId, NaN);
      const pending = { rows, rowCount: rows.length, commands: registers ? 2 : 1, lastRow };
      return lanes.add(pending, laneKeyOf(options.mapping, rows));
    }
    const mapped = mapUnit(config, registered, rows);
    if ('problem' in mapped) {
      reject(rows, mapped.problem.field, mapped.problem.reason);
      return lanes.skip(lastRow);
    }
    const { items, notes } = mapped;
    const pending = { rows, rowCount: rows.length, items, notes, commands: items.length, lastRow };
    await lanes.add(pending, laneKeyOf(options.mapping, rows));
  };

  let group: SourceRow[] = [];
  let groupId = '';
  for await (const row of rowsOf(options)) {
    progress.bytesRead = row.bytesRead;
    if (row.rowNumber <= resumeFrom) {
      skippedRows++;
      continue;
    }
    const id = row.problem ? `bad:${row.rowNumber}` : groupKey(options.mapping, row);
    if (group.length > 0 && id !== groupId) {
      await addUnit(group);
      group = [];
      if (options.stopRequested?.()) {
        stopped = true;
        break;
      }
    }
    // Counted once in a unit: a row read only to see that the unit before it had ended is not done
    // when the import stops there (Ctrl-C), and a resume reads it again.
    progress.rows++;
    group.push(row);
    groupId = id;
  }
  if (!stopped && group.length > 0) await addUnit(group);
  await lanes.drain();
  options.onProgress?.({ ...progress });
  return { ...progress, skippedRows, stopped, seconds: (Date.now() - started) / 1000 };
}

/** Whether rows naming a customer the CRM does not know register them (all presets but `customers`, unless told). */
export const createsCustomers = (mapping: Mapping): boolean =>
  mapping.preset !== 'customers' && mapping.createCustomers !== false;

/** The file's rows, as the mapping says to read them. */
const rowsOf = (options: ImportOptions): AsyncIterable<SourceRow> =>
  readRows(options.file, {
    format: options.format,
    columns: options.mapping.columns,
    header: options.mapping.header,
    delimiter: options.mapping.delimiter,
  });

function account(
  pending: Pending,
  outcome: UnitOutcome,
  progress: ImportProgress,
  reject: (rows: SourceRow[], field: string, reason: string) => void,
  registrations: RegistrationOutcomes,
) {
  if ('problem' in outcome) return reject(pending.rows, outcome.problem.field, outcome.problem.reason);
  progress.commands += outcome.results.length;
  for (const item of outcome.results) {
    for (const warning of item.result?.warnings ?? item.warnings ?? []) keep(progress.keptAsGiven, warning, OTHERS);
  }
  const registration = outcome.results.length > 1 ? outcome.results[0] : undefined;
  if (registration && REGISTERED_BEFORE.has(registration.error?.code ?? '')) registrations.before(pending.rows);
  // The notes (REGISTERED_LATE) are about the registration this run made: not one refused, nor
  // one made before it (another file, the CRM, or the run this one resumes: its customers' notes
  // are not counted again).
  if (outcome.notes && registrations.madeHere(pending.rows)) {
    for (const note of outcome.notes) keep(progress.noticed, note, 'other notes');
  }
  // The unit's own command comes last; a registration before it is not accounted (an already
  // registered customer is what we wanted).
  const result = outcome.results[outcome.results.length - 1];
  if (result.status < 400) {
    progress.accepted += pending.rows.length;
    if (result.result?.replayed) progress.replayed += pending.rows.length;
    return;
  }
  // Refused: when the customer's registration was refused too, for a reason of its own (their
  // country too long, say), that is the row's problem, not the "not registered" that followed;
  // and the problem of the customer's later rows, which carry no registration.
  if (registration && registration.status >= 400 && !REGISTERED_BEFORE.has(registration.error?.code ?? '')) {
    const problem = problemOf(registration);
    registrations.refused(pending.rows, problem);
    return reject(pending.rows, problem.field, problem.reason);
  }
  const earlier = result.error?.code === 'UNKNOWN_CUSTOMER' ? registrations.refusal(pending.rows) : undefined;
  const problem = earlier ?? problemOf(result);
  reject(pending.rows, problem.field, problem.reason);
}

/** The first problem of a refused item, its field named as in the source (`lines[0].sku`, not `commands[3].body.lines[0].sku`). */
function problemOf(item: BatchItemResult): { field: string; reason: string } {
  const problem = item.error?.problems?.[0];
  const field = fieldName(problem?.field ?? item.error?.field ?? '');
  return { field, reason: problem?.reason ?? item.error?.message ?? `status ${item.status}` };
}

const fieldName = (field: string): string => field.replace(/^commands\[\d+\]\.(body\.)?/, '');

/**
 * The registrations of this run the CRM did not make, by customer: refused (with why, for the
 * rows that come after) or made before it. Bounded: past 100,000 each, later rows of a refused
 * customer say only "not registered", and notes of a customer registered before may be counted.
 */
class RegistrationOutcomes {
  private readonly refusals = new Map<string, { field: string; reason: string }>();
  private readonly madeBefore = new Set<string>();

  constructor(private readonly mapping: Mapping) {}

  refused(rows: SourceRow[], problem: { field: string; reason: string }): void {
    const customerId = this.customerOf(rows);
    if (customerId === undefined || this.refusals.size >= MAX_REMEMBERED) return;
    const reason = `customer '${customerId}' could not be registered (row ${rows[0].rowNumber}): ${problem.reason}`;
    this.refusals.set(customerId, { field: problem.field, reason });
  }

  refusal(rows: SourceRow[]): { field: string; reason: string } | undefined {
    const customerId = this.customerOf(rows);
    return customerId === undefined ? undefined : this.refusals.get(customerId);
  }

  before(rows: SourceRow[]): void {
    const customerId = this.customerOf(rows);
    if (customerId !== undefined && this.madeBefore.size < MAX_REMEMBERED) this.madeBefore.add(customerId);
  }

  /** Whether the unit's customer was registered by this run, as far as it knows. */
  madeHere(rows: SourceRow[]): boolean {
    const customerId = this.customerOf(rows);
    return customerId !== undefined && !this.refusals.has(customerId) && !this.madeBefore.has(customerId);
  }

  private customerOf(rows: SourceRow[]): string | undefined {
    return unitCustomerOf(this.mapping, rows[0].fields);
  }
}

const MAX_REMEMBERED = 100_000;

const MAX_KEPT = 1000;
const OTHERS = 'other values kept as given';

/** Counts a warning or note in `kept` by field and reason; past MAX_KEPT distinct ones, under `others`. */
function keep(kept: Record<string, number>, warning: { field: string; reason: string }, others: string): void {
  let key = `${fieldName(warning.field)}: ${warning.reason}`;
  if (kept[key] === undefined && Object.keys(kept).length >= MAX_KEPT) key = others;
  kept[key] = (kept[key] ?? 0) + 1;
}

/** A registration refused with these means the customer was registered before: by the CRM, or by an earlier run. */
const REGISTERED_BEFORE = new Set(['CUSTOMER_ALREADY_REGISTERED', 'IDEMPOTENCY_KEY_REUSED']);

function readState(file: string, identity: string, earliestDates: boolean): number {
  if (!existsSync(file)) return 0;
  let state: State;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as State;
  } catch (error) {
    throw new Error(
      `${file} is not progress an import saved (${(error as Error).message}); remove it or drop --resume`,
    );
  }
  if (!Number.isSafeInteger(state?.lastRow) || state.lastRow < 0)
    throw new Error(`${file} is not progress an import saved (no last row); remove it or drop --resume`);
  if (state.identity !== identity)
    throw new Error(`${file} belongs to another source file; remove it or drop --resume`);
  if ((state.earliestDates === true) !== earliestDates) {
    const begun = state.earliestDates ? 'with' : 'without';
    throw new Error(`${file}: this import was begun ${begun} --earliest-dates; resume it ${begun} it too`);
  }
  return state.lastRow;
}

/** Progress before the first row: nothing read past `lastRow`, where a resumed import goes on. */
function noProgress(totalBytes: number, lastRow: number): ImportProgress {
  return {
    rows: 0,
    commands: 0,
    accepted: 0,
    replayed: 0,
    rejected: 0,
    bytesRead: 0,
    totalBytes,
    lastRow,
    keptAsGiven: {},
    noticed: {},
  };
}

function stoppedBeforeImporting(totalBytes: number, lastRow: number, started: number): ImportSummary {
  const seconds = (Date.now() - started) / 1000;
  return { ...noProgress(totalBytes, lastRow), skippedRows: 0, stopped: true, seconds };
}

/** Written to a side file and renamed, so a kill mid-write leaves the previous checkpoint intact. */
function writeState(file: string, state: State): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}
