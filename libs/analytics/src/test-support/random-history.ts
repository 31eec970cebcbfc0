// Random analytics histories for the live-segment specs: a seeded generator, and events around
// a moving date with few distinct amounts and hour-aligned times, so ties and boundaries abound.
import { CONTACT_CHANNELS, type CrmEvent } from '@ledger/domain';
import { customerAnalyticsProjection, type CustomerAnalytics } from '@ledger/projections';
import {
  complaintOpened,
  complaintResolved,
  contacted,
  feedbackGiven,
  purchased,
  registered,
  returned,
  touched,
  foldLog,
  RecordedLog,
} from '@ledger/projections/test-support';

export const CAMPAIGNS = ['ad-a', 'ad-b', 'ad-c'];
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const START = Date.UTC(2026, 0, 1);
export const iso = (ms: number): string => new Date(ms).toISOString();

/** mulberry32: a small seeded generator, so a failure replays. */
export function generator(seed: number) {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

/** A random history around the moving date: few distinct amounts and hour-aligned times, so ties abound. */
export class History {
  readonly log = new RecordedLog();
  readonly docs = new Map<string, CustomerAnalytics>();
  private readonly orders = new Map<string, string[]>();
  private readonly cases = new Map<string, string[]>();
  private customers = 0;
  private sequence = 0;

  /** `newCustomers`: the share of events that start a new customer (the rest pick an existing one). */
  constructor(
    private readonly random: ReturnType<typeof generator>,
    private readonly newCustomers = 0.15,
  ) {}

  /** Applies `count` random events with business times up to a year before and a month after `nowMs`; returns the documents changed. */
  events(count: number, nowMs: number): CustomerAnalytics[] {
    const { int, pick, next } = this.random;
    const events: CrmEvent[] = [];
    const at = (): string => iso(Math.floor((nowMs - 400 * DAY + int(430 * 24) * HOUR) / HOUR) * HOUR);
    for (let i = 0; i < count; i++) {
      const id =
        this.customers === 0 || next() < this.newCustomers
          ? `c${String(this.customers++).padStart(3, '0')}`
          : `c${String(int(this.customers)).padStart(3, '0')}`;
      const roll = next();
      if (!this.docs.get(id)?.registeredAt && roll < 0.5) events.push(registered(id, at(), pick(['DE', 'FR', 'GB'])));
      else if (roll < 0.55) {
        const orders = this.orders.get(id) ?? [];
        if (orders.length > 0) events.push(returned(id, pick(orders), at(), pick([5, 10])));
      } else if (roll < 0.8) {
        const orderId = `o${this.sequence++}`;
        this.orders.set(id, [...(this.orders.get(id) ?? []), orderId]);
        events.push(
          purchased(id, at(), pick([10, 20, 20, 50, 100, 19.99]), {
            orderId,
            channel: pick(CONTACT_CHANNELS),
            campaignId: this.campaign(),
          }),
        );
      } else if (roll < 0.88) {
        events.push(
          contacted(id, at(), pick(CONTACT_CHANNELS), {
            direction: pick(['inbound', 'outbound'] as const),
            campaignId: this.campaign(),
          }),
        );
      } else if (roll < 0.9) {
        const caseId = `k${this.sequence++}`;
        this.cases.set(id, [...(this.cases.get(id) ?? []), caseId]);
        events.push(complaintOpened(id, caseId, at()));
      } else if (roll < 0.92) {
        const cases = this.cases.get(id) ?? [];
        if (cases.length > 0) events.push(complaintResolved(id, pick(cases), at()));
      } else if (roll < 0.95) {
        events.push(feedbackGiven(id, pick(['csat', 'nps'] as const), int(11), at()));
      } else {
        events.push(touched(id, pick(CAMPAIGNS), at(), pick(CONTACT_CHANNELS)));
      }
    }
    const changed = new Set<string>();
    for (const event of this.log.recordAll(events)) {
      customerAnalyticsProjection.keysOf(event).forEach((id) => changed.add(id));
      foldLog(customerAnalyticsProjection, [event], this.docs);
    }
    return [...changed].map((id) => this.docs.get(id) as CustomerAnalytics);
  }

  /** A campaign id for a quarter of purchases and contacts. */
  private campaign(): string | undefined {
    return this.random.next() < 0.25 ? this.random.pick(CAMPAIGNS) : undefined;
  }

  sorted(): CustomerAnalytics[] {
    return [...this.docs.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

export type Random = ReturnType<typeof generator>;
