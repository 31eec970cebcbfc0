import { compareStrings, compareValues } from './value-order';

describe('compareStrings', () => {
  it('orders by code point, as UTF-8 bytes (MongoDB, SQLite) do', () => {
    // '\uff61' < '😀' by code point, but its UTF-16 unit is above the surrogate pair's.
    expect(compareStrings('\uff61', '😀')).toBeLessThan(0);
    expect('\uff61' < '😀').toBe(false);
    expect(compareStrings('a', 'b')).toBeLessThan(0);
    expect(compareStrings('ab', 'a')).toBeGreaterThan(0);
    expect(compareStrings('Z', 'a')).toBeLessThan(0);
    expect(compareStrings('é', 'é')).toBe(0);
  });
});

describe('compareValues', () => {
  it('orders types as MongoDB does: null and missing, numbers, strings, objects, arrays, booleans', () => {
    const values = [true, [1], { a: 1 }, 'a', 3, null];
    expect([...values].sort(compareValues)).toEqual([null, 3, 'a', { a: 1 }, [1], true]);
    expect(compareValues(undefined, null)).toBe(0);
    expect(compareValues(false, true)).toBeLessThan(0);
    expect(compareValues(-1.5, 2)).toBeLessThan(0);
  });
});
