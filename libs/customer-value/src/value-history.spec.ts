import { forecastCustomer } from './forecast';
import { fitInForce } from './in-force';
import type { CustomerValueModel } from './model';
import { seedOf } from './random';
import { summarise, type Purchase } from './summary';
import { endOfMonthMs, fittedValueByMonth, HISTORY_DRAWS, monthsThrough, type RecordedFit } from './value-history';

const model = (r: number): CustomerValueModel => ({
  libraryVersion: 'test',
  bgNbd: { r, alpha: 4.789, a: 0.7234, b: 2.161 },
  bgNbdCovariance: [
    [3e-4, 4e-4, -7e-5, 0],
    [4e-4, 8e-4, -1e-4, 6e-5],
    [-7e-5, -1e-4, 5e-3, 6e-3],
    [0, 6e-5, 6e-3, 8e-3],
  ],
  gammaGamma: { p: 6.275, q: 3.624, v: 14.98 },
  gammaGammaCovariance: [
    [4e-3, -1e-3, -5e-3],
    [-1e-3, 6e-4, 2e-3],
    [-5e-3, 2e-3, 7e-3],
  ],
  populationSize: 1000,
  repeatBuyers: 400,
  logLikelihood: { bgNbd: 0, gammaGamma: 0 },
});
const at = (iso: string) => Date.parse(iso);
const fits: RecordedFit[] = [
  { modelId: 'march', asOfMs: at('2025-03-31T23:59:59.999Z'), model: model(0.25) },
  { modelId: 'may', asOfMs: at('2025-05-15T00:00:00.000Z'), model: model(0.5) },
];
const purchases: Purchase[] = [
  [at('2025-01-10T10:00:00Z'), 40],
  [at('2025-02-14T10:00:00Z'), 25],
  [at('2025-05-02T10:00:00Z'), 60],
];

describe('the fit in force', () => {
  it('is the latest cut-off at or before the instant, of equal cut-offs the one recorded last', () => {
    const log = [
      { id: 'june', asOfMs: 6 },
      { id: 'march', asOfMs: 3 },
      { id: 'june-again', asOfMs: 6 },
    ];
    expect(fitInForce(log, 2)).toBeNull();
    expect(fitInForce(log, 4)?.id).toBe('march');
    expect(fitInForce(log, 6)?.id).toBe('june-again');
  });
});

describe('fitted value month by month', () => {
  it('covers the months from the first to the asked one, the last few at most', () => {
    expect(monthsThrough('2024-11', '2025-02', 60)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsThrough('2020-01', '2025-02', 2)).toEqual(['2025-01', '2025-02']);
    expect(monthsThrough('2025-03', '2025-02', 60)).toEqual([]);
  });

  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
  const history = fittedValueByMonth('c1', purchases, months, fits, at('2025-06-20T12:00:00Z'));

  it('says there was no model before the first fit, instead of a zero', () => {
    expect(history.slice(0, 2)).toEqual([
      { month: '2025-01', at: '2025-01-31T23:59:59.999Z', modelId: null, probabilityAlive: null, lifetimeValue: null },
      { month: '2025-02', at: '2025-02-28T23:59:59.999Z', modelId: null, probabilityAlive: null, lifetimeValue: null },
    ]);
  });

  it('reads each month at its end with the fit in force then, the query’s asOf within its month', () => {
    expect(history.slice(2).map((m) => [m.at, m.modelId])).toEqual([
      ['2025-03-31T23:59:59.999Z', 'march'],
      ['2025-04-30T23:59:59.999Z', 'march'],
      ['2025-05-31T23:59:59.999Z', 'may'],
      ['2025-06-20T12:00:00.000Z', 'may'],
    ]);
  });

  it('is the customer forecast an auditor recomputes from the fit, the date and the customer', () => {
    const april = history[3];
    const summary = summarise(purchases, endOfMonthMs('2025-04'));
    if (!summary) throw new Error('bought by April');
    const { frequency, recency, age, meanRepeatSpend } = summary;
    const expected = forecastCustomer(
      model(0.25),
      { frequency, recency, age, meanRepeatSpend },
      { draws: HISTORY_DRAWS, seed: seedOf('march:c1:2025-04') },
    );
    expect(april.lifetimeValue).toEqual(expected.lifetimeValue);
    expect(april.probabilityAlive).toEqual(expected.probabilityAlive);
    expect(april.lifetimeValue?.low).toBeLessThanOrEqual(april.lifetimeValue?.high ?? -1);
    expect(fittedValueByMonth('c1', purchases, months, fits, at('2025-06-20T12:00:00Z'))).toEqual(history);
  });

  it('has a model but no forecast in a month before the first purchase', () => {
    const late: Purchase[] = [[at('2025-05-20T10:00:00Z'), 30]];
    const [april, june] = fittedValueByMonth('c2', late, ['2025-04', '2025-06'], fits, at('2025-07-01T00:00:00Z'));
    expect(april).toMatchObject({ modelId: 'march', lifetimeValue: null, probabilityAlive: null });
    expect(june.lifetimeValue?.estimate).toBeGreaterThan(0);
  });
});
