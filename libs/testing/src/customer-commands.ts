// Builds plausible commands for one simulated customer: who they are, what they buy, why they call.
// Pure construction from the customer's random stream and current state; deciding is the simulation's job.
import {
  orderTotal,
  skusBought,
  type ContactChannel,
  type CustomerKind,
  type CustomerState,
  type Instant,
  type OrderLine,
  type RecordContact,
  type RecordPurchase,
  type RegisterCustomer,
  type Severity,
} from '@ledger/domain';
import {
  AGENTS,
  CATALOGUE,
  FIRST_NAMES,
  GENDER_MIX,
  INBOUND_CHANNELS,
  INBOUND_REASONS,
  LAST_NAMES,
  MAIN_ITEM,
  ORG_KINDS,
  ORG_WORDS,
  OUTBOUND_CHANNELS,
  OUTBOUND_REASONS,
  PRODUCT_BY_SKU,
  PURCHASE_CHANNELS,
  type Product,
} from './catalogue';
import type { Random } from './random';

export interface SimulatedCustomer {
  readonly rng: Random;
  readonly customerId: string;
  readonly index: number;
  readonly kind: CustomerKind;
  readonly place: { city: string; country: string; currency: string };
  readonly satisfaction: number;
  readonly state: CustomerState;
  /** The next id of a kind for this customer: `${customerId}-${kind}${n}`. */
  nextId(kind: string): string;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const HUMAN_CHANNELS = new Set<ContactChannel>(['phone', 'chat', 'email', 'social', 'in_person', 'fax', 'sms']);

export function registerCommand(c: SimulatedCustomer, occurredAt: Instant): RegisterCustomer {
  const { rng, customerId, index, kind, place } = c;
  const phone = `+${rng.int(30, 49)} ${rng.int(100, 999)} ${rng.int(100000, 9999999)}`;
  if (kind === 'organisation') {
    const name = `${rng.pick(ORG_WORDS)} ${rng.pick(ORG_KINDS)}`;
    const email = `info@${slug(name)}-${index}.example.com`;
    return {
      type: 'RegisterCustomer',
      data: { customerId, kind, name, email, phone, city: place.city, country: place.country, occurredAt },
    };
  }
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const birthDate = rng.chance(0.8)
    ? `${rng.int(1948, 2006)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
    : undefined;
  const gender = rng.chance(0.85) ? rng.weighted(GENDER_MIX) : undefined;
  const email = `${slug(first)}.${slug(last)}.${index}@example.org`;
  return {
    type: 'RegisterCustomer',
    data: {
      customerId,
      kind,
      name: `${first} ${last}`,
      email,
      phone,
      birthDate,
      gender,
      city: place.city,
      country: place.country,
      occurredAt,
    },
  };
}

function quantity(c: SimulatedCustomer, product: Product): number {
  const bulk = c.kind === 'organisation';
  if (product.category === 'beans') return bulk ? c.rng.int(4, 20) : c.rng.int(1, 3);
  if (product.category === 'accessories') return bulk ? c.rng.int(1, 6) : 1;
  return bulk ? c.rng.int(1, 3) : 1;
}

/** An order around a main item (drawn from the usual mix unless given), sometimes with add-ons. */
export function purchaseCommand(
  c: SimulatedCustomer,
  occurredAt: Instant,
  options: { sku?: string; campaignId?: string } = {},
): RecordPurchase {
  const { rng } = c;
  const skus = [options.sku ?? rng.weighted(MAIN_ITEM)];
  const extras = rng.weighted([
    [0, 65],
    [1, 25],
    [2, 10],
  ] as const);
  for (let i = 0; i < extras; i++) {
    const extra = rng.pick(CATALOGUE).sku;
    if (!skus.includes(extra)) skus.push(extra);
  }
  const lines: OrderLine[] = skus.map((sku) => {
    const product = PRODUCT_BY_SKU.get(sku) ?? { sku, name: sku, category: 'other', price: 10 };
    return { sku, quantity: quantity(c, product), unitPrice: product.price, category: product.category };
  });
  const orderId = c.nextId('o');
  return {
    type: 'RecordPurchase',
    data: {
      customerId: c.customerId,
      orderId,
      lines,
      // Half the channels send the total, half leave it to the domain: both must work.
      amount: rng.chance(0.5) ? orderTotal(lines) : undefined,
      currency: c.place.currency,
      channel: options.campaignId ? rng.pick<ContactChannel>(['web', 'phone']) : rng.weighted(PURCHASE_CHANNELS),
      campaignId: options.campaignId,
      offerIdPrefix: `${orderId}-offer`,
      occurredAt,
    },
  };
}

interface ContactOptions {
  direction: 'inbound' | 'outbound';
  channel?: ContactChannel;
  reason?: string;
  campaignId?: string;
  outcome?: RecordContact['data']['outcome'];
}

export function contactCommand(c: SimulatedCustomer, occurredAt: Instant, options: ContactOptions): RecordContact {
  const { rng } = c;
  const inbound = options.direction === 'inbound';
  const channel = options.channel ?? rng.weighted(inbound ? INBOUND_CHANNELS : OUTBOUND_CHANNELS);
  const outcome =
    options.outcome ??
    (inbound
      ? rng.weighted([
          ['resolved', 35],
          ['information_given', 30],
          ['follow_up', 15],
          ['sale', 8],
          ['escalated', 5],
          ['other', 7],
        ] as const)
      : rng.weighted([
          ['no_answer', 20],
          ['voicemail', 12],
          ['resolved', 28],
          ['follow_up', 25],
          ['sale', 15],
        ] as const));
  const talked = channel === 'phone' || channel === 'chat' || channel === 'in_person';
  const answered = outcome !== 'no_answer' && outcome !== 'voicemail';
  return {
    type: 'RecordContact',
    data: {
      customerId: c.customerId,
      contactId: c.nextId('ct'),
      channel,
      direction: options.direction,
      reason: options.reason ?? rng.pick(inbound ? INBOUND_REASONS : OUTBOUND_REASONS),
      agentId: HUMAN_CHANNELS.has(channel) ? rng.pick(AGENTS) : undefined,
      campaignId: options.campaignId,
      durationSeconds: talked && answered ? Math.round(rng.between(45, 1500)) : undefined,
      outcome,
      occurredAt,
    },
  };
}

export const SEVERITY_MIX = [
  ['low', 35],
  ['medium', 35],
  ['high', 22],
  ['critical', 8],
] as const satisfies readonly (readonly [Severity, number])[];

/** A score that tracks the customer's satisfaction, with noise. */
export function feedbackScore(c: SimulatedCustomer, kind: 'csat' | 'nps', mood = c.satisfaction): number {
  const [min, max] = kind === 'csat' ? [1, 5] : [0, 10];
  const score = Math.round(c.rng.normal(min + mood * (max - min), kind === 'csat' ? 0.7 : 1.6));
  return Math.min(max, Math.max(min, score));
}

/** A product the customer owns, for complaints and feedback about something real. */
export function ownedProduct(c: SimulatedCustomer): string | undefined {
  const owned = skusBought(c.state);
  return owned.length > 0 ? c.rng.pick(owned) : undefined;
}
