// The CDNOW purchase logs (see ../shared/data/cdnow/README.md, beside the repository): parsed
// into purchases per customer, dates as UTC midnights.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Purchase } from '../summary';

const repositoryRoot = resolve(__dirname, '../../../..');

/**
 * `../shared/data/cdnow` relative to the repository root, as in CI; a worktree one level deeper
 * (…/wt/<branch>) finds the same folder one level further up.
 */
export function cdnowDirectory(): string {
  const candidates = [join(repositoryRoot, '../shared/data/cdnow'), join(repositoryRoot, '../../shared/data/cdnow')];
  const found = candidates.find((dir) => existsSync(join(dir, 'CDNOW_master.txt')));
  if (!found) throw new Error(`CDNOW data not found in ${candidates.join(' or ')}`);
  return found;
}

export const utcDay = (yyyymmdd: string): number =>
  Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));

/** Customer id → purchases, for `CDNOW_master.txt` or `CDNOW_sample.txt`. */
export function readCdnow(file: 'master' | 'sample'): Map<string, Purchase[]> {
  const text = readFileSync(
    join(cdnowDirectory(), file === 'master' ? 'CDNOW_master.txt' : 'CDNOW_sample.txt'),
    'utf8',
  );
  const customers = new Map<string, Purchase[]>();
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells.length < 4 || !/^\d+$/.test(cells[0])) continue;
    // master: id date cds dollars; sample: id sample_id date cds dollars
    const [id, date, amount] = file === 'master' ? [cells[0], cells[1], cells[3]] : [cells[0], cells[2], cells[4]];
    const list = customers.get(id) ?? [];
    list.push([utcDay(date), Number(amount)]);
    customers.set(id, list);
  }
  return customers;
}

/** End of 1997-09-30 and of 1998-06-30: the published calibration and holdout cut-offs. */
export const CALIBRATION_END = utcDay('19970930') + 86_400_000 - 1;
export const HOLDOUT_END = utcDay('19980630') + 86_400_000 - 1;
