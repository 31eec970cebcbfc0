// Likely duplicate customers (the web shop and the call centre each registered "Ada Lovelace"):
// pairs sharing a normalised email, a normalised phone number, or a similar name. A report for a
// person to decide on, never an automatic merge; each pair says why it was proposed.
export interface DuplicateCandidate {
  customerId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  birthDate: string | null;
}

export type DuplicateReason = 'same_email' | 'same_phone' | 'similar_name';

export interface DuplicatePair {
  customerIds: [string, string];
  reasons: DuplicateReason[];
  /** 0-1: email 0.6, phone 0.5, similar name 0.3 (0.4 with the same city or birth date), capped at 1. */
  score: number;
}

/** Groups larger than this (a shared office switchboard, "info@") are not evidence of one person. */
const MAX_GROUP = 20;

export const normalisedEmail = (email: string): string => email.trim().toLowerCase();

/** Digits only, without the international prefix: `+44 20 7946 0018` and `020 7946 0018` agree on the last 9. */
export const normalisedPhone = (phone: string): string => phone.replace(/\D/g, '').slice(-9);

/** Case, accents, punctuation and word order do not matter: `Lovelace, Ada` is `ada lovelace`. */
export const normalisedName = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .sort()
    .join(' ');

export function findDuplicates(customers: Iterable<DuplicateCandidate>): DuplicatePair[] {
  const byKey = new Map<string, DuplicateCandidate[]>();
  const add = (key: string, customer: DuplicateCandidate) => {
    const group = byKey.get(key);
    if (group) group.push(customer);
    else byKey.set(key, [customer]);
  };
  for (const customer of customers) {
    if (customer.email) add(`same_email\u0000${normalisedEmail(customer.email)}`, customer);
    if (customer.phone && normalisedPhone(customer.phone).length >= 6) {
      add(`same_phone\u0000${normalisedPhone(customer.phone)}`, customer);
    }
    if (customer.name) add(`similar_name\u0000${normalisedName(customer.name)}`, customer);
  }
  const pairs = new Map<string, { pair: DuplicatePair; a: DuplicateCandidate; b: DuplicateCandidate }>();
  for (const [key, group] of byKey) {
    if (group.length < 2 || group.length > MAX_GROUP) continue;
    const reason = key.slice(0, key.indexOf('\u0000')) as DuplicateReason;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = group[i].customerId < group[j].customerId ? [group[i], group[j]] : [group[j], group[i]];
        const id = `${a.customerId}\u0000${b.customerId}`;
        const entry = pairs.get(id) ?? {
          pair: { customerIds: [a.customerId, b.customerId], reasons: [], score: 0 },
          a,
          b,
        };
        if (!entry.pair.reasons.includes(reason)) entry.pair.reasons.push(reason);
        pairs.set(id, entry);
      }
    }
  }
  return [...pairs.values()]
    .map(({ pair, a, b }) => ({ ...pair, reasons: pair.reasons.sort(), score: scoreOf(pair.reasons, a, b) }))
    .sort((x, y) => y.score - x.score || x.customerIds.join().localeCompare(y.customerIds.join()));
}

function scoreOf(reasons: DuplicateReason[], a: DuplicateCandidate, b: DuplicateCandidate): number {
  const sameCityOrBirth =
    (a.city !== null && a.city === b.city) || (a.birthDate !== null && a.birthDate === b.birthDate);
  let score = 0;
  if (reasons.includes('same_email')) score += 0.6;
  if (reasons.includes('same_phone')) score += 0.5;
  if (reasons.includes('similar_name')) score += sameCityOrBirth ? 0.4 : 0.3;
  return Math.min(1, Math.round(score * 100) / 100);
}
