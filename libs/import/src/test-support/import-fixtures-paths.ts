// Where the CDNOW data and its sample's mapping are, for specs and for the scripts they start.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..', '..');
// In CI the data sits beside the repository: ../shared/data/cdnow from the repo root (a worktree
// one level deeper finds it one directory further up).
export const CDNOW = [
  resolve(ROOT, '..', 'shared', 'data', 'cdnow'),
  resolve(ROOT, '..', '..', 'shared', 'data', 'cdnow'),
].find((candidate) => existsSync(candidate)) as string;
export const SAMPLE = join(CDNOW, 'CDNOW_sample.txt');
export const SAMPLE_MAPPING = join(ROOT, 'libs', 'import', 'mappings', 'cdnow-sample.json');
