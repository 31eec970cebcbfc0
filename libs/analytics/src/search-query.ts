// What a typed query means to customer search: terms, each of which must match some field of a
// customer (name words by prefix, e-mail whole or local part, phone digits, customer and order
// ids by prefix), and how a match ranks: exact e-mail/phone/id first, then name prefixes, then
// other prefixes; within a kind by field, matched token and customer id, so order is stable.
import {
  isPhoneLike,
  normaliseText,
  phoneDigits,
  SEARCH_FIELDS,
  wordsOf,
  type CustomerSearchDocument,
  type SearchField,
} from '@ledger/projections';

export interface Term {
  /** Normalised, without spaces: matched against e-mails and ids. */
  text: string;
  /** Its words: each must start some word of the name. */
  words: string[];
  /** Digits when the term reads as a phone number, else null. */
  digits: string | null;
}

/** A phone number typed with spaces ("+44 20 7946") is one term; anything else splits on spaces. */
export function parseQuery(q: string): Term[] {
  const normalised = normaliseText(q);
  const pieces = isPhoneLike(normalised) ? [normalised.replace(/\s/g, '')] : normalised.split(' ');
  return pieces
    .filter((piece) => piece.length > 0)
    .map((text) => ({ text, words: wordsOf(text), digits: isPhoneLike(text) ? phoneDigits(text) || null : null }));
}

/** The key a field's tokens are searched with for this term (null: the term cannot match the field). */
export function keyFor(term: Term, field: SearchField): string | null {
  if (field === 'name') return term.words[0] ?? null;
  if (field === 'phone') return term.digits;
  return term.text;
}

/** Exact matches only count where a person would call them exact: a whole e-mail, a phone, an id. */
export const exactApplies = (term: Term, field: SearchField): boolean =>
  field !== 'name' && (field !== 'email' || term.text.includes('@'));

export const EXACT_FIELDS = SEARCH_FIELDS.filter((f) => f !== 'name');
export const PREFIX_FIELDS = SEARCH_FIELDS;

/** Does the term match this field of the document (prefix, or exact)? */
export function termMatches(doc: CustomerSearchDocument, term: Term, field: SearchField, exact = false): boolean {
  const tokens = doc.tokens[field];
  if (field === 'name') {
    if (exact || term.words.length === 0) return false;
    return term.words.every((word) => tokens.some((token) => token.startsWith(word)));
  }
  const key = keyFor(term, field);
  if (key === null || key === '') return false;
  return exact ? exactApplies(term, field) && tokens.includes(key) : tokens.some((token) => token.startsWith(key));
}

/** Fields any term matched on, in field order (what the result says it was found by). */
export const matchedOn = (doc: CustomerSearchDocument, terms: readonly Term[]): SearchField[] =>
  SEARCH_FIELDS.filter((field) => terms.some((term) => termMatches(doc, term, field)));

/** Every term matches some field. */
export const allTermsMatch = (doc: CustomerSearchDocument, terms: readonly Term[]): boolean =>
  terms.every((term) => SEARCH_FIELDS.some((field) => termMatches(doc, term, field)));

export interface Rank {
  /** 0 exact id/e-mail/phone, 1 name prefix, 2 other prefix. */
  kind: number;
  field: number;
  token: string;
  customerId: string;
}

/** How the document ranks for the first term (the other terms only filter). */
export function rankOf(doc: CustomerSearchDocument, term: Term): Rank | null {
  const { customerId } = doc;
  for (const field of EXACT_FIELDS) {
    if (termMatches(doc, term, field, true)) {
      return { kind: 0, field: SEARCH_FIELDS.indexOf(field), token: keyFor(term, field) ?? '', customerId };
    }
  }
  for (const field of PREFIX_FIELDS) {
    if (!termMatches(doc, term, field)) continue;
    const key = keyFor(term, field) ?? '';
    const token = doc.tokens[field].filter((t) => t.startsWith(key)).sort()[0] ?? '';
    return { kind: field === 'name' ? 1 : 2, field: SEARCH_FIELDS.indexOf(field), token, customerId };
  }
  return null;
}

export const compareRanks = (a: Rank, b: Rank): number =>
  a.kind - b.kind ||
  a.field - b.field ||
  (a.token < b.token ? -1 : a.token > b.token ? 1 : 0) ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);
