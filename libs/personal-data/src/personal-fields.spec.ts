// Adding an event type must force a decision on its personal data: the type checker rejects a
// table without an entry for every event type (tsc runs over specs too), and these checks fail at
// run time if the table and the catalogue of event types ever drift apart.
import { EVENT_TYPES } from '@ledger/domain';
import { PERSONAL_FIELDS, personalFieldsOf, type PersonalFieldTable } from './personal-fields';

describe('personal fields table', () => {
  it.each(EVENT_TYPES)('records a decision for %s', (type) => {
    expect(Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, type)).toBe(true);
    expect(Array.isArray(PERSONAL_FIELDS[type])).toBe(true);
    expect(personalFieldsOf(type)).toBe(PERSONAL_FIELDS[type]);
  });

  it('names no event type the catalogue does not know', () => {
    expect(Object.keys(PERSONAL_FIELDS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('lists each path once, as a field or a field of `changes`', () => {
    for (const paths of Object.values<readonly string[]>(PERSONAL_FIELDS)) {
      expect(new Set(paths).size).toBe(paths.length);
      for (const path of paths) expect(path).toMatch(/^(changes\.)?[a-zA-Z]+$/);
    }
  });

  it('has nothing to encrypt for a type it does not know', () => {
    expect(personalFieldsOf('SomethingElse')).toEqual([]);
    expect(personalFieldsOf('toString')).toEqual([]);
  });

  it('is checked by the compiler for missing decisions and for paths naming no field', () => {
    const { CampaignLaunched: _decided, ...withoutOne } = PERSONAL_FIELDS;
    // @ts-expect-error every event type needs an entry, an empty list included
    const missing: PersonalFieldTable = withoutOne;
    // @ts-expect-error a path must name a field of that event's data
    const misspelt: PersonalFieldTable = { ...PERSONAL_FIELDS, FeedbackGiven: ['coment'] };
    expect(Object.keys(missing)).not.toContain('CampaignLaunched');
    expect(misspelt.FeedbackGiven).toEqual(['coment']);
  });
});
