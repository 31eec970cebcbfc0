import fc from 'fast-check';
import { addMoney, decimalsOf, microsToMinorUnit, minorUnitDigits, roundToMinorUnit, toMicros } from './money';

describe('money', () => {
  it("knows each currency's minor unit from ISO 4217 data", () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('adds a million small amounts exactly', () => {
    let sum = 0;
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      sum = addMoney(sum, 0.1);
      naive += 0.1;
    }
    expect(sum).toBe(100_000);
    expect(naive).not.toBe(100_000);
  });

  it('rounds half away from zero to the minor unit', () => {
    expect(roundToMinorUnit(0.005, 'EUR')).toBe(0.01);
    expect(roundToMinorUnit(-0.005, 'EUR')).toBe(-0.01);
    expect(roundToMinorUnit(1.0049, 'EUR')).toBe(1);
    expect(roundToMinorUnit(1.5, 'JPY')).toBe(2);
    expect(roundToMinorUnit(1.0005, 'KWD')).toBe(1.001);
    expect(microsToMinorUnit(toMicros(3 * 0.001) * 1000n, 'GBP')).toBe(3);
  });

  it('counts decimals in the shortest representation', () => {
    expect(decimalsOf(12)).toBe(0);
    expect(decimalsOf(0.001)).toBe(3);
    expect(decimalsOf(2.5501)).toBe(4);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(1.25e-8)).toBe(10);
    expect(decimalsOf(-0.5)).toBe(1);
  });

  it('counts decimals as the digits after the point of String(value) say, for any number', () => {
    // The plain reading of the printed form: digits after the point, plus an e-N exponent's N.
    const printed = (value: number) => {
      const [mantissa, exponent] = String(value).split('e-');
      const fraction = mantissa.split('.')[1]?.length ?? 0;
      return exponent === undefined ? fraction : fraction + Number(exponent);
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true }),
          fc.integer().map((n) => n / 10_000),
        ),
        (value) => {
          expect(decimalsOf(value)).toBe(printed(value));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
