// What the embedded read store asks of whoever writes its SQLite file: one operation at a time,
// in order, each its own transaction, settled once it is in the file (or refused). Two writers:
// a worker thread (the default: the request thread only serialises and posts) and this thread
// (':memory:', whose database no second connection can see).
import type { SqliteReadTables, StoredRow } from './sqlite-read-tables';

export type WriteOp =
  | { kind: 'commit'; collection: string; rows: StoredRow[]; checkpoint: number }
  | { kind: 'drop'; collection: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'scrub' };

export interface ReadTablesWriter {
  /** Resolves once the operation is committed to the file; rejects if it was not (nothing of it written). */
  write(op: WriteOp): Promise<void>;
  /** Waits for every accepted operation to settle, then closes; idempotent. */
  close(): Promise<void>;
}

/** Applies one operation to the tables: shared by both writers, so they cannot disagree. */
export function applyWrite(tables: SqliteReadTables, op: WriteOp): void {
  switch (op.kind) {
    case 'commit':
      return tables.commit(op.collection, op.rows, op.checkpoint);
    case 'drop':
      return tables.drop(op.collection);
    case 'rename':
      return tables.rename(op.from, op.to);
    case 'scrub':
      return tables.truncateWal();
  }
}

/** Writes on the calling thread, synchronously: the store's behaviour before the writer thread. */
export class InlineWriter implements ReadTablesWriter {
  constructor(
    private readonly tables: SqliteReadTables,
    /** Told of every failed write, before its caller (as WorkerWriter does). */
    private readonly onFailure: () => void,
  ) {}

  async write(op: WriteOp): Promise<void> {
    try {
      applyWrite(this.tables, op);
    } catch (error) {
      this.onFailure();
      throw error;
    }
  }

  async close(): Promise<void> {
    return undefined; // the store closes the tables it shares with this writer
  }
}
