// Helpers the read-store contract suites share: fresh collection names per test (so the suite
// also runs against a shared MongoDB) and small readers for assertions.
import { randomBytes } from 'node:crypto';
import type { ReadDocument, ReadStore } from '../read-store.port';

export type StoreAccessor = () => ReadStore;

const run = randomBytes(3).toString('hex');
let counter = 0;

/** A collection name no other test (or concurrent run) uses. */
export function uniqueCollection(label: string): string {
  counter += 1;
  return `contract_${run}_${counter}_${label}`;
}

export function ids(docs: readonly ReadDocument[]): string[] {
  return docs.map((d) => d.id);
}

export async function scanAll<T extends ReadDocument>(
  store: ReadStore,
  collection: string,
  pageSize?: number,
): Promise<T[][]> {
  const pages: T[][] = [];
  for await (const page of store.scan<T>(collection, pageSize)) pages.push(page);
  return pages;
}
