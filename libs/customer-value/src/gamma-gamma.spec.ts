import { conditionalExpectedSpend, fitGammaGamma, gammaGammaLogLikelihood, prepareSpend } from './gamma-gamma';

const parameters = { p: 6.25, q: 3.74, v: 15.44 };

describe('Gamma-Gamma', () => {
  it('expects the population mean p·v/(q − 1) for a customer without repeat purchases', () => {
    const populationMean = (6.25 * 15.44) / 2.74;
    expect(conditionalExpectedSpend(parameters, { frequency: 0, meanRepeatSpend: 0 })).toBeCloseTo(populationMean, 10);
  });

  it("moves towards the customer's own mean as their repeat purchases add up", () => {
    const few = conditionalExpectedSpend(parameters, { frequency: 1, meanRepeatSpend: 100 });
    const many = conditionalExpectedSpend(parameters, { frequency: 20, meanRepeatSpend: 100 });
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(many).toBeGreaterThan(90);
  });

  it('sums the density of each mean (checked against the formula written out)', () => {
    const spenders = [
      { frequency: 1, meanRepeatSpend: 20 },
      { frequency: 4, meanRepeatSpend: 35.5 },
    ];
    const { p, q, v } = parameters;
    const lgamma = (z: number) => Math.log(gammaOf(z));
    const one = ({ frequency: x, meanRepeatSpend: m }: { frequency: number; meanRepeatSpend: number }) =>
      lgamma(p * x + q) -
      lgamma(p * x) -
      lgamma(q) +
      q * Math.log(v) +
      (p * x - 1) * Math.log(m) +
      p * x * Math.log(x) -
      (p * x + q) * Math.log(v + x * m);
    expect(gammaGammaLogLikelihood(parameters, prepareSpend(spenders))).toBeCloseTo(
      one(spenders[0]) + one(spenders[1]),
      8,
    );
  });

  it('leaves out customers without repeat spend and refuses too few repeat buyers', () => {
    expect(
      prepareSpend([
        { frequency: 0, meanRepeatSpend: 0 },
        { frequency: 2, meanRepeatSpend: 0 },
      ]).frequency,
    ).toHaveLength(0);
    expect(() => fitGammaGamma([{ frequency: 1, meanRepeatSpend: 10 }])).toThrow(RangeError);
  });
});

/** Lanczos Γ (g = 7), independent of the library's log-gamma. */
function gammaOf(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}
