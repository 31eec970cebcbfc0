// Who stands for whom as of a date: merges hold from their business time until unmerged, at any
// depth; a customer merged into two survivors counts under the first; a circle (only possible
// with back-dated merges) resolves to one survivor whoever asks.
import { emptyCustomerAnalytics, type CustomerAnalytics, type MergeEntry } from '@ledger/projections';
import { MergeGroups } from './merge-groups';

const survivor = (id: string, merges: MergeEntry[]): CustomerAnalytics => ({ ...emptyCustomerAnalytics(id), merges });

describe('MergeGroups', () => {
  it('follows merges up to the top survivor, only while they hold', () => {
    const groups = new MergeGroups();
    expect(groups.set(survivor('a', [['b', 10, null]]))).toEqual(expect.arrayContaining(['a', 'b']));
    groups.set(survivor('c', [['a', 20, 30]]));
    expect([5, 10, 20, 29, 30].map((t) => groups.survivorAt('b', t))).toEqual(['b', 'a', 'c', 'c', 'a']);
    expect(groups.groupAt('c', 25)).toEqual(['c', 'a', 'b']);
    expect(groups.groupAt('a', 25)).toEqual([]);
    expect(groups.groupAt('a', 35)).toEqual(['a', 'b']);
    expect(groups.boundaries()).toEqual([10, 20, 30]);
    expect(groups.changingBetween(12, 25).sort()).toEqual(['a', 'b', 'c']);
    expect(groups.changingBetween(31, 99)).toEqual([]);
  });

  it('counts a customer merged into two survivors under the one that took it first', () => {
    const groups = new MergeGroups();
    groups.set(survivor('y', [['m', 20, null]]));
    groups.set(survivor('x', [['m', 10, null]]));
    expect(groups.survivorAt('m', 25)).toBe('x');
    expect(groups.groupAt('y', 25)).toEqual(['y']);
  });

  it('resolves a circle of back-dated merges to its smallest id, for every member', () => {
    const groups = new MergeGroups();
    groups.set(survivor('p', [['q', 10, null]]));
    groups.set(survivor('q', [['p', 5, null]]));
    expect(['p', 'q'].map((id) => groups.survivorAt(id, 12))).toEqual(['p', 'p']);
    expect(groups.groupAt('p', 12)).toEqual(['p', 'q']);
  });

  it('forgets the merges a survivor no longer records, and says who was affected', () => {
    const groups = new MergeGroups();
    groups.set(survivor('a', [['b', 10, null]]));
    expect(groups.set(survivor('a', [])).sort()).toEqual(['a', 'b']);
    expect(groups.empty).toBe(true);
    expect(groups.involves('b')).toBe(false);
  });
});
