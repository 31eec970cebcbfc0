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
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    for (const value of values) if (bytes.includes(Buffer.from(value, 'utf8'))) found.push({ file: name, value });
  }
  return found;
}
