import { chartFormat } from '../dashboard/chart-format';
import { lifecycleMonths, lifecycleOption, type LifecycleAnswer } from './lifecycle-chart';

const answer: LifecycleAnswer = {
  customerId: 'ben',
  asOf: '2026-11-01T00:00:00.000Z',
  stage: 'lapsed',
  cumulativeValue: 40,
  predictedLifetimeValue: 40,
  months: [{ month: '2025-02', revenue: 40, cumulativeValue: 40, predictedLifetimeValue: 90 }],
  transitions: [
    { stage: 'prospect', at: '2025-01-01T09:00:00.000Z', cause: { eventId: 'e-1', type: 'CustomerRegistered' } },
    { stage: 'new', at: '2025-02-01T10:00:00.000Z', cause: { eventId: 'e-2', type: 'PurchaseRecorded' } },
    { stage: 'at_risk', at: '2025-04-01T10:00:00.000Z', cause: { inactivitySince: '2025-02-01T10:00:00.000Z' } },
  ],
};
const text = {
  title: 'How has this customer’s value grown?',
  rtl: false,
  revenue: 'Revenue',
  cumulative: 'Cumulative',
  predicted: 'Predicted',
  fitted: 'Fitted',
  noModel: 'no model yet',
  stage: (s: string) => `stage ${s}`,
};

describe('lifecycle chart', () => {
  it('spans the months of every value and transition, carrying the value forward', () => {
    expect(lifecycleMonths(answer)).toEqual([
      { month: '2025-01', revenue: 0, cumulativeValue: 0, predictedLifetimeValue: 0 },
      answer.months[0],
      { month: '2025-03', revenue: 0, cumulativeValue: 40, predictedLifetimeValue: 90 },
      { month: '2025-04', revenue: 0, cumulativeValue: 40, predictedLifetimeValue: 90 },
    ]);
    expect(lifecycleMonths({ ...answer, months: [], transitions: [] })).toEqual([]);
  });

  it('marks each stage transition at its month and shows exact amounts', () => {
    const option = lifecycleOption(answer, 'EUR', text, chartFormat('en')) as any;
    expect(option.series.map((s: { name: string }) => s.name)).toEqual(['Revenue', 'Cumulative', 'Predicted']);
    expect(option.series[0].markLine.data).toEqual([
      { name: 'stage prospect', xAxis: 'Jan 2025' },
      { name: 'stage new', xAxis: 'Feb 2025' },
      { name: 'stage at_risk', xAxis: 'Apr 2025' },
    ]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe(
      'Feb 2025<br/>Revenue: <b>€40.00</b><br/>Cumulative: <b>€40.00</b><br/>Predicted: <b>€90.00</b><br/>→ stage new',
    );
  });

  it('draws the fitted lifetime value with its band from the first month a model was in force', () => {
    const fitted = {
      ...answer,
      fittedValue: {
        model: null,
        forecast: null,
        months: [
          {
            month: '2025-02',
            at: '2025-02-28T23:59:59.999Z',
            modelId: null,
            probabilityAlive: null,
            lifetimeValue: null,
          },
          {
            month: '2025-05',
            at: '2025-05-31T23:59:59.999Z',
            modelId: 'm1',
            probabilityAlive: { estimate: 0.6, low: 0.5, high: 0.7 },
            lifetimeValue: { estimate: 30, low: 0, high: 75 },
          },
        ],
      },
    };
    expect(lifecycleMonths(fitted).map((m) => m.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    const option = lifecycleOption(fitted, 'EUR', text, chartFormat('en')) as any;
    const [low, width, line] = option.series.slice(3);
    expect(line).toMatchObject({ name: 'Fitted', data: [null, null, null, null, 30] });
    expect([low.data[4], width.data[4], low.stack]).toEqual([0, 75, width.stack]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('Fitted: <b>no model yet</b>');
    expect(option.tooltip.formatter([{ dataIndex: 4 }])).toContain('Fitted: <b>€30.00 (€0.00–€75.00)</b>');
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).not.toContain('Fitted');
    // Before any month had a model there is no line to draw, only the tooltip's words.
    const none = { ...fitted, fittedValue: { ...fitted.fittedValue, months: fitted.fittedValue.months.slice(0, 1) } };
    expect((lifecycleOption(none, 'EUR', text, chartFormat('en')) as any).series).toHaveLength(3);
    // Months without a fitted value do not stretch the chart past the customer's own history.
    const later = fitted.fittedValue.months.map((m) => ({ ...m, month: m.month.replace('2025', '2026') }));
    const unfitted = {
      ...fitted,
      fittedValue: { ...fitted.fittedValue, months: [{ ...later[1], lifetimeValue: null }] },
    };
    expect(lifecycleMonths(unfitted).map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(lifecycleMonths({ ...fitted, fittedValue: { ...fitted.fittedValue, months: later } }).at(-1)?.month).toBe(
      '2026-05',
    );
  });
});
