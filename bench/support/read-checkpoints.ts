// Reads the embedded read store's checkpoints straight from its SQLite file, from another
// process. The rebuild child cannot report its own progress reliably: a catch-up made of
// synchronous SQLite calls chained by promises starves its timers until it is done.
import Database from 'better-sqlite3';

export function readCheckpoints(file: string, collections: string[]): number[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 50 });
    const rows = db.prepare('SELECT collection, position FROM checkpoints').all() as Array<{
      collection: string;
      position: number;
    }>;
    const byName = new Map(rows.map((r) => [r.collection, r.position]));
    return collections.map((c) => byName.get(c) ?? 0);
  } catch {
    // Not created yet, or locked by a commit at this instant: report no progress this time.
    return collections.map(() => 0);
  } finally {
    db?.close();
  }
}
