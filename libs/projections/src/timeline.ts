// Compact, time-sorted tuples kept by the analytics read models, and the binary searches that
// cut them "as of" an instant. Every tuple starts with its business time in epoch milliseconds.
import { CONTACT_CHANNELS, type ContactChannel, type Direction, type FeedbackKind, type Money } from '@ledger/domain';

export const DAY_MS = 86_400_000;

/** Where a campaign reached a customer: a delivered touch, or a contact carrying the campaign id. */
export type TouchVia = 'touch' | Direction;

/** Channels are stored as their index in CONTACT_CHANNELS (see `channelAt`). */
export type PurchaseEntry = [at: number, amount: Money, orderId: string, channel: number, campaignId: string | null];
/** orderId is null for a return of an order the CRM never saw. */
export type ReturnEntry = [at: number, amount: Money, orderId: string | null];
export type ContactEntry = [at: number, channel: number, direction: Direction];
/** Case id second so a resolution (which only sets resolvedAt) never moves the entry. */
export type ComplaintEntry = [openedAt: number, caseId: string, resolvedAt: number | null];
export type FeedbackEntry = [at: number, kind: FeedbackKind, score: number];
export type TouchEntry = [at: number, campaignId: string, channel: number, via: TouchVia];

type Cell = string | number | null;
type Tuple = readonly Cell[];

export const toMs = (instant: string): number => Date.parse(instant);
export const toInstant = (ms: number): string => new Date(ms).toISOString();
export const channelIndex = (channel: ContactChannel): number => CONTACT_CHANNELS.indexOf(channel);
export const channelAt = (index: number): ContactChannel => CONTACT_CHANNELS[index];

/** Plain string order (ids, ISO instants); chain with || to break ties on a further key. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Lexicographic order over whole tuples, so the sorted result never depends on arrival order. */
export function compareTuples(a: Tuple, b: Tuple): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareCells(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** A new array with `item` in its sorted place; the input is not touched (apply stays pure). */
export function insertSorted<T extends Tuple>(list: readonly T[], item: T): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTuples(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), item, ...list.slice(lo)];
}

/** How many entries happened at or before `ms` (entries are sorted by time first). */
export function countUpTo(list: readonly Tuple[], ms: number): number {
  return firstIndexAfter(list, ms, true);
}

/** Index of the first entry at or after `ms`. */
export function firstIndexFrom(list: readonly Tuple[], ms: number): number {
  return firstIndexAfter(list, ms, false);
}

function firstIndexAfter(list: readonly Tuple[], ms: number, inclusive: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid][0] as number;
    if (at < ms || (inclusive && at === ms)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `value` into a sorted array of distinct strings; the same array when already present. */
export function addDistinct(list: readonly string[], value: string): string[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === value) return list as string[];
  return [...list.slice(0, lo), value, ...list.slice(lo)];
}

/** A counter per channel, every channel present in vocabulary order (stable document shape). */
export function zeroByChannel<T>(zero: () => T): Record<ContactChannel, T> {
  return Object.fromEntries(CONTACT_CHANNELS.map((channel) => [channel, zero()])) as Record<ContactChannel, T>;
}
