// Customer search at query time: the search read model's documents held in memory with one
// TokenColumn per field, kept up to date by changed documents (like the live segments). A query
// walks its first term's columns in rank order and stops at `limit`; only when another term is
// far narrower are that term's matches enumerated and ranked instead.
import { SEARCH_FIELDS, type CustomerSearchDocument, type SearchField } from '@ledger/projections';
import { SearchMerges } from './search-merges';
import { TokenColumn, type Entry } from './search-token-column';
import {
  allTermsMatch,
  compareRanks,
  EXACT_FIELDS,
  exactApplies,
  keyFor,
  matchedOn,
  parseQuery,
  PREFIX_FIELDS,
  rankOf,
  termMatches,
  type Rank,
  type Term,
} from './search-query';

export interface SearchHit {
  doc: CustomerSearchDocument;
  matchedOn: SearchField[];
  /** Present when the customer is merged into another: the top survivor, to be sent on to. */
  mergedInto?: MergedInto;
}

export interface MergedInto {
  customerId: string;
  /** null once the survivor is erased. */
  name: string | null;
}

export class SearchIndex {
  private readonly docs: CustomerSearchDocument[] = [];
  private gens = new Uint32Array(1024);
  private readonly slots = new Map<string, number>();
  private readonly columns: Record<SearchField, TokenColumn>;
  private readonly merges = new SearchMerges();

  constructor(docs: Iterable<CustomerSearchDocument> = []) {
    const idOf = (slot: number) => this.docs[slot].customerId;
    const isLive = (slot: number, gen: number) => this.gens[slot] === gen;
    this.columns = Object.fromEntries(SEARCH_FIELDS.map((f) => [f, new TokenColumn(idOf, isLive)])) as Record<
      SearchField,
      TokenColumn
    >;
    this.upsert(docs);
  }

  get customers(): number {
    return this.docs.length;
  }

  /** Takes in new versions of documents; one not newer than the held one (by lastPosition) is ignored. */
  upsert(docs: Iterable<CustomerSearchDocument>): number {
    const added: Record<SearchField, Entry[]> = Object.fromEntries(SEARCH_FIELDS.map((f) => [f, []])) as never;
    let changed = 0;
    for (const doc of docs) {
      let slot = this.slots.get(doc.customerId);
      if (slot === undefined) {
        this.merges.replace(null, doc);
        slot = this.docs.length;
        this.slots.set(doc.customerId, slot);
        this.docs.push(doc);
        if (slot >= this.gens.length) {
          const grown = new Uint32Array(this.gens.length * 2);
          grown.set(this.gens);
          this.gens = grown;
        }
      } else if (this.docs[slot].lastPosition >= doc.lastPosition) {
        continue;
      } else {
        this.merges.replace(this.docs[slot], doc);
        this.docs[slot] = doc;
      }
      // A new generation: the customer's older entries go stale wherever they are.
      const gen = ++this.gens[slot];
      for (const field of SEARCH_FIELDS) for (const key of doc.tokens[field]) added[field].push({ key, slot, gen });
      changed++;
    }
    for (const field of SEARCH_FIELDS) this.columns[field].add(added[field]);
    return changed;
  }

  search(q: string, limit: number): SearchHit[] {
    const terms = parseQuery(q);
    if (terms.length === 0) return [];
    const slots = this.plan(terms, limit);
    return slots.map((slot) => {
      const doc = this.docs[slot];
      const mergedInto = this.mergedInto(doc.customerId);
      return { doc, matchedOn: matchedOn(doc, terms), ...(mergedInto ? { mergedInto } : {}) };
    });
  }

  /** The top survivor a customer is merged into now (null when not merged away). */
  mergedInto(customerId: string): MergedInto | null {
    const survivor = this.merges.topSurvivorOf(customerId);
    if (survivor === null) return null;
    const slot = this.slots.get(survivor);
    return { customerId: survivor, name: slot === undefined ? null : this.docs[slot].name };
  }

  /**
   * Results rank by the first term. Walking its matches in rank order and keeping those the other
   * terms match stops early, unless the first term is broad and another narrow ("a rezaei"):
   * then all of the narrow term's matches are checked and ranked.
   */
  private plan(terms: Term[], limit: number): number[] {
    if (terms.length === 1) return this.walkRanked(terms[0], limit);
    const others = terms.slice(1);
    const costs = terms.map((term) => this.cost(term));
    const narrowest = costs.indexOf(Math.min(...costs));
    const enumerate = narrowest !== 0 && (costs[narrowest] <= 2000 || costs[narrowest] * 8 < costs[0]);
    if (enumerate) return this.enumerate(terms, terms[narrowest], limit);
    return this.walkRanked(terms[0], limit, (doc) => allTermsMatch(doc, others));
  }

  /** Entries a term's prefixes span (stale ones included): what enumerating its matches costs. */
  private cost(term: Term): number {
    return PREFIX_FIELDS.reduce((sum, field) => {
      const key = keyFor(term, field);
      return sum + (key ? this.columns[field].count(key) : 0);
    }, 0);
  }

  /**
   * One term's matches in rank order (exact, name prefix, other prefixes), the first `limit`
   * distinct customers that `accept` (the other terms) lets through.
   */
  private walkRanked(term: Term, limit: number, accept: (doc: CustomerSearchDocument) => boolean = () => true) {
    const found: number[] = [];
    const seen = new Set<number>();
    const take = (slot: number): boolean => {
      if (!seen.has(slot)) {
        seen.add(slot);
        if (accept(this.docs[slot])) found.push(slot);
      }
      return found.length < limit;
    };
    for (const field of EXACT_FIELDS) {
      const key = keyFor(term, field);
      if (key && exactApplies(term, field)) this.columns[field].walk(key, true, take);
      if (found.length >= limit) return found;
    }
    for (const field of PREFIX_FIELDS) {
      const key = keyFor(term, field);
      if (!key) continue;
      // A term of several words ("jose.garcia") needs its other words in the name too; when one
      // of them starts no name word at all, the walk over the first word's range is skipped.
      const verify = field === 'name' && term.words.length > 1;
      if (verify && term.words.some((word) => this.columns.name.count(word) === 0)) continue;
      this.columns[field].walk(key, false, (slot) =>
        verify && !termMatches(this.docs[slot], term, field) ? true : take(slot),
      );
      if (found.length >= limit) return found;
    }
    return found;
  }

  /** Every match of the narrowest term, filtered by all terms, ranked by the first. */
  private enumerate(terms: Term[], driver: Term, limit: number): number[] {
    const candidates = new Set<number>();
    for (const field of PREFIX_FIELDS) {
      const key = keyFor(driver, field);
      if (key) this.columns[field].walk(key, false, (slot) => void candidates.add(slot));
    }
    const ranked: { slot: number; rank: Rank }[] = [];
    for (const slot of candidates) {
      const doc = this.docs[slot];
      if (!allTermsMatch(doc, terms)) continue;
      const rank = rankOf(doc, terms[0]);
      if (rank) ranked.push({ slot, rank });
    }
    ranked.sort((a, b) => compareRanks(a.rank, b.rank));
    return ranked.slice(0, limit).map((r) => r.slot);
  }
}
