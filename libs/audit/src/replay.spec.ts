import { purchased, recorded, registered } from '@ledger/projections/test-support';
import { diffBetween, fieldChanges, provenanceOf } from './replay';

const history = recorded([
  registered('ada', '2026-01-10T09:00:00.000Z'),
  purchased('ada', '2026-02-10T09:00:00.000Z', 399),
]);

describe('audit diff', () => {
  it('lists a field that is null on both sides as unchanged, even when it was absent before', () => {
    expect(fieldChanges({ profile: { phone: null } }, { profile: { phone: null } })).toEqual([]);
    expect(fieldChanges(null, { profile: { phone: null, name: 'Ada' } })).toEqual([
      { field: 'profile.name', before: null, after: 'Ada' },
    ]);
    expect(fieldChanges({ profile: { phone: '+49' } }, { profile: { phone: null } })).toEqual([
      { field: 'profile.phone', before: '+49', after: null },
    ]);
  });

  it('diffs from before registration without null → null rows', () => {
    const diff = diffBetween(history, '2025-12-31', '2026-01-31');
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(diff.changes.filter((c) => c.before === null && c.after === null)).toEqual([]);
    expect(diff.changes).toEqual(
      expect.arrayContaining([{ field: 'profile.name', before: null, after: 'Customer ada' }]),
    );
    expect(diff.changes.map((c) => c.field)).not.toContain('profile.phone');
    expect(diff.causedBy.map((e) => e.type)).toEqual(['CustomerRegistered']);
  });

  it('diffs between two states field by field', () => {
    const diff = diffBetween(history, '2026-01-31', '2026-02-28');
    expect(diff.changes).toEqual(expect.arrayContaining([{ field: 'totals.spend', before: 0, after: 399 }]));
    expect(diff.changes.filter((c) => JSON.stringify(c.before) === JSON.stringify(c.after))).toEqual([]);
  });

  it('does not name registration as the source of a field it left empty', () => {
    expect(provenanceOf(history, 'profile.phone').changedBy).toEqual([]);
  });
});
