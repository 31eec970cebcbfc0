// What an attacker with `strings` would find: every file of a directory read as raw bytes and
// searched for each value's UTF-8 encoding. Used by the erasure tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface FoundOnDisk {
  file: string;
  value: string;
}

/** Every (file, value) pair where the file's bytes contain the value; [] when nothing is readable. */
export function findOnDisk(dir: string, values: readonly string[]): FoundOnDisk[] {
  const found: FoundOnDisk[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    // An empty file holds nothing; nor is it opened: opening and closing the event store's lock
    // file (empty, store-lock.ts) would drop the lock of the CRM running in this process.
    if (!stat.isFile() || stat.size === 0) continue;
    const bytes = readFileSync(path);
    for (const value of values) if (bytes.includes(Buffer.from(value, 'utf8'))) found.push({ file: name, value });
  }
  return found;
}
