import { canonicalInstant, hoursBetween, monthNumber, monthOf, monthRange, roundTo, yearOf } from './calendar';

describe('calendar', () => {
  it('puts instants in their UTC month and accepts plain dates', () => {
    expect(monthOf('2026-03-31T23:59:59.999Z')).toBe('2026-03');
    expect(monthOf('2026-03-01T00:30:00+02:00')).toBe('2026-02');
    expect(monthOf('2027-12-31')).toBe('2027-12');
    expect(yearOf('2027-12')).toBe('2027');
  });

  it('brings instants to the canonical UTC form so they compare as strings', () => {
    expect(canonicalInstant('2026-03-01T00:30:00+02:00')).toBe('2026-02-28T22:30:00.000Z');
    expect(canonicalInstant('2026-03-01T00:30:00.000Z')).toBe('2026-03-01T00:30:00.000Z');
  });

  it('counts and lists months across year ends', () => {
    expect(monthNumber('2027-01') - monthNumber('2026-11')).toBe(2);
    expect(monthRange('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthRange('2026-05', '2026-05')).toEqual(['2026-05']);
    expect(monthRange('2026-05', '2026-04')).toEqual([]);
  });

  it('measures hours and rounds', () => {
    expect(hoursBetween('2026-01-01T00:00:00.000Z', '2026-01-02T06:00:00.000Z')).toBe(30);
    expect(roundTo(2 / 3, 4)).toBe(0.6667);
  });
});
