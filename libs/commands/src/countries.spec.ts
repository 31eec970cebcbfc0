import { readCountry, withIsoCountry } from './countries';

describe('countries as shop exports write them', () => {
  it.each([
    ['GB', 'GB'],
    ['gbr', 'GB'],
    ['United Kingdom', 'GB'],
    ['EIRE', 'IE'],
    ['Éire', 'IE'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['Czech Republic', 'CZ'],
    ['  Germany ', 'DE'],
  ])('reads %s as %s', (given, code) => expect(readCountry(given)).toEqual({ country: code, recognised: true }));

  it('keeps an unknown value as given and reports it', () => {
    const warnings: { field: string; reason: string }[] = [];
    expect(withIsoCountry({ name: 'x', country: 'Channel Islands' }, warnings)).toEqual({
      name: 'x',
      country: 'Channel Islands',
    });
    expect(warnings).toEqual([{ field: 'country', reason: expect.stringContaining("'Channel Islands'") }]);
  });

  it('leaves an absent or null country alone (null once answered 500, found by the fuzzer)', () => {
    const warnings: { field: string; reason: string }[] = [];
    expect(withIsoCountry({ name: 'x' }, warnings)).toEqual({ name: 'x' });
    expect(withIsoCountry({ name: 'x', country: null as unknown as string }, warnings)).toEqual({
      name: 'x',
      country: null,
    });
    expect(warnings).toEqual([]);
  });
});
