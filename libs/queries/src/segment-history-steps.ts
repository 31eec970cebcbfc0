// The instants of a segment history: `from`, then every week or calendar month after it while
// not past `to`, plus one step before `from` as the baseline the first point's entered/exited
// are counted against. Months keep `from`'s day of the month, clamped to the month's last day
// (from 2025-01-31: Feb 28, Mar 31, …), and its time of day.
import { ValidationFailed } from '@ledger/domain';

export const HISTORY_STEPS = ['week', 'month'] as const;
export type HistoryStep = (typeof HISTORY_STEPS)[number];
export const MAX_HISTORY_POINTS = 520;

const WEEK_MS = 7 * 86_400_000;

function addMonths(fromMs: number, months: number): number {
  const from = new Date(fromMs);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = fromMs - Date.UTC(year, from.getUTCMonth(), from.getUTCDate());
  return Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay)) + timeOfDay;
}

const stepFrom = (fromMs: number, step: HistoryStep, k: number): number =>
  step === 'week' ? fromMs + k * WEEK_MS : addMonths(fromMs, k);

/** Epoch ms, ascending: the baseline first, then the reported points. */
export function historyInstants(from: string, to: string, step: HistoryStep): number[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (toMs < fromMs) throw new ValidationFailed([{ field: 'to', reason: 'to must not be before from' }]);
  const instants = [stepFrom(fromMs, step, -1)];
  for (let k = 0; ; k++) {
    const at = stepFrom(fromMs, step, k);
    if (at > toMs) break;
    if (instants.length > MAX_HISTORY_POINTS) {
      throw new ValidationFailed([
        { field: 'to', reason: `at most ${MAX_HISTORY_POINTS} points: shorten the range or use a longer step` },
      ]);
    }
    instants.push(at);
  }
  return instants;
}
