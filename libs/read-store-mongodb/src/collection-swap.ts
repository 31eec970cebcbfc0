// Replacing a live collection by a rebuilt one (blue-green rebuilds) on MongoDB and on FerretDB
// v1, which lacks renameCollection's dropTarget. Owns the order of the metadata operations, so
// readers of the target lose it for as short a time as each server allows.
import type { MongoClient } from 'mongodb';
import { isNamespaceNotFound, isNotImplemented } from './mongo-documents';

/**
 * Where the old target waits while the new one is renamed in (FerretDB only). The read store
 * refuses names ending with it, so no read model can collide with an aside copy. No dot in it:
 * FerretDB v1's renameCollection refuses namespaces with more than one.
 */
export const ASIDE_SUFFIX = '__ledger_rename_aside';

export function asideName(collection: string): string {
  return `${collection}${ASIDE_SUFFIX}`;
}

export type SwapOutcome = 'swapped' | 'source_missing';

export class CollectionSwap {
  /** Learnt on the first swap: false on FerretDB v1 (error 238 NotImplemented, FerretDB#2565). */
  private dropTargetSupported = true;

  constructor(
    private readonly client: MongoClient,
    private readonly databaseName: string,
  ) {}

  /**
   * Moves `from` onto `to`, replacing it. `source_missing` when `from` does not exist; then `to`
   * may be gone as well (the caller empties it, as the port says).
   *
   * - MongoDB: one `renameCollection` with dropTarget, atomic: readers see the old or the new
   *   collection, never neither.
   * - FerretDB v1: renames are metadata-only there (one UPDATE of its collection registry) while
   *   a drop deletes the table, so the old target is renamed aside, the new one renamed in, and
   *   only then is the aside copy dropped. `to` is missing between the two renames — one round
   *   trip, during which readers see it empty (null, [], 0), not an error — and never during the
   *   drop. Writes to `to` during that gap are not supported (rebuilds pause the live worker);
   *   one would recreate `to` and make the second rename fail with NamespaceExists.
   *
   * A swap that died between its steps leaves an aside copy; the next swap onto the same target
   * drops it first (it holds data that swap replaces anyway).
   */
  async swap(from: string, to: string): Promise<SwapOutcome> {
    await this.dropIfExists(asideName(to));
    if (this.dropTargetSupported) {
      try {
        await this.rename(from, to, true);
        return 'swapped';
      } catch (error) {
        if (isNamespaceNotFound(error)) return 'source_missing';
        if (!isNotImplemented(error)) throw error;
        this.dropTargetSupported = false;
      }
    }
    return this.swapThroughAside(from, to);
  }

  /** Drops a collection; an absent one is already what the caller wants. */
  async dropIfExists(collection: string): Promise<void> {
    try {
      await this.client.db(this.databaseName).collection(collection).drop();
    } catch (error) {
      if (!isNamespaceNotFound(error)) throw error;
    }
  }

  private async swapThroughAside(from: string, to: string): Promise<SwapOutcome> {
    const aside = asideName(to);
    const targetExisted = await this.renameIfExists(to, aside);
    try {
      await this.rename(from, to, false);
    } catch (error) {
      if (!isNamespaceNotFound(error)) {
        // Keep the old target: whatever went wrong, its data is not thrown away here.
        if (targetExisted) await this.renameIfExists(aside, to).catch(() => false);
        throw error;
      }
      await this.dropIfExists(aside);
      return 'source_missing';
    }
    await this.dropIfExists(aside);
    return 'swapped';
  }

  private async renameIfExists(from: string, to: string): Promise<boolean> {
    try {
      await this.rename(from, to, false);
      return true;
    } catch (error) {
      if (isNamespaceNotFound(error)) return false;
      throw error;
    }
  }

  private async rename(from: string, to: string, dropTarget: boolean): Promise<void> {
    const namespace = (collection: string): string => `${this.databaseName}.${collection}`;
    await this.client.db('admin').command({
      renameCollection: namespace(from),
      to: namespace(to),
      ...(dropTarget ? { dropTarget: true } : {}),
    });
  }
}

/**
 * FerretDB on PostgreSQL: a read that races a rename can find the table it planned on gone
 * ("relation … does not exist", SQLSTATE 42P01) instead of reading the collection before or
 * after. That is the swap's window, not a failure: the read is asked again (a few times, a few
 * milliseconds apart) and then sees the old or the new documents. MongoDB never answers this.
 */
export async function readAcrossSwap<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const missingTable = /SQLSTATE 42P01/.test((error as Error).message ?? '');
      if (!missingTable || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}
