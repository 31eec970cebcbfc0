import type { ReadDocument } from '@ledger/read-store';
import { EqualityIndex, narrowestCandidates } from './equality-index';

const doc = (id: string, fields: Record<string, unknown>): ReadDocument => ({ id, lastPosition: 1, ...fields });

describe('EqualityIndex', () => {
  const tier = new EqualityIndex('tier');
  const tags = new EqualityIndex('profile.tags');
  for (const d of [
    doc('a', { tier: 'gold', profile: { tags: ['vip', 'b2b'] } }),
    doc('b', { tier: 'gold', profile: { tags: [null] } }),
    doc('c', { tier: null }),
    doc('d', { tier: 1 }),
  ]) {
    tier.put(d);
    tags.put(d);
  }

  it('narrows equality and $in to the documents holding the value', () => {
    expect([...(tier.candidates({ tier: 'gold' }) ?? [])]).toEqual(['a', 'b']);
    expect([...(tier.candidates({ tier: { $in: [1, 'silver'] } }) ?? [])]).toEqual(['d']);
    expect([...(tags.candidates({ 'profile.tags': 'b2b' }) ?? [])]).toEqual(['a']);
  });

  it('keeps numbers and strings apart, and null with missing', () => {
    expect([...(tier.candidates({ tier: '1' }) ?? [])]).toEqual([]);
    expect([...(tags.candidates({ 'profile.tags': null }) ?? [])].sort()).toEqual(['b', 'c', 'd']);
  });

  it('moves a document when it is replaced', () => {
    const index = new EqualityIndex('tier');
    index.put(doc('a', { tier: 'gold' }));
    index.put(doc('a', { tier: 'silver' }));
    expect([...(index.candidates({ tier: 'gold' }) ?? [])]).toEqual([]);
    expect([...(index.candidates({ tier: 'silver' }) ?? [])]).toEqual(['a']);
  });

  it('cannot help with ranges, $ne or fields it does not cover', () => {
    expect(tier.candidates({ tier: { $gt: 0 } })).toBeUndefined();
    expect(tier.candidates({ tier: { $ne: 'gold' } })).toBeUndefined();
    expect(tier.candidates({ other: 'gold' })).toBeUndefined();
    expect(tier.candidates({ constructor: 'x' } as never)).toBeUndefined();
  });

  it('picks the index with the fewest candidates', () => {
    expect([...(narrowestCandidates([tier, tags], { tier: 'gold', 'profile.tags': 'vip' }) ?? [])]).toEqual(['a']);
    expect(narrowestCandidates([tier, tags], { x: 1 })).toBeUndefined();
  });
});
