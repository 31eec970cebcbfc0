import { chartFormat } from './chart-format';
import { distributionBars, distributionOption } from './distribution';
import { formatKpi, kpiTrendOption, progressPercent } from './kpi-trend';
import { revenueOption } from './revenue';
import type { KpiMonth } from './analytics-types';

const en = chartFormat('en');
const month = (key: string, revenue: number, nps: number | null): KpiMonth => ({
  month: key,
  revenue,
  complaintsOpened: 0,
  complaintsResolved: 0,
  complaintResolutionHours: null,
  slaCompliance: null,
  averageCsat: null,
  nps,
  contacts: 3,
  customersRegistered: 0,
});

describe('distribution', () => {
  it('keeps the canonical order, fills missing values with zero, and gives shares', () => {
    expect(distributionBars({ high: 1, low: 3 }, ['low', 'medium', 'high'])).toEqual([
      { key: 'low', value: 3, share: 0.75 },
      { key: 'medium', value: 0, share: 0 },
      { key: 'high', value: 1, share: 0.25 },
    ]);
  });

  it('labels the bars in the page language and drills by the API value', () => {
    const option = distributionOption(
      { low: 3, high: 1 },
      ['low', 'medium', 'high'],
      { title: 'Who may leave us?', rtl: false, customers: 'Customers', label: (v) => `risk ${v}` },
      en,
    ) as any;
    expect(option.yAxis.data).toEqual(['risk low', 'risk medium', 'risk high']);
    expect(option.series[0].data[0].key).toBe('low');
    expect(option.tooltip.formatter({ data: option.series[0].data[0] })).toBe('risk low<br/>Customers: <b>3 (75%)</b>');
  });
});

describe('revenue by month', () => {
  it('draws one bar per month with the exact amount in the tooltip', () => {
    const option = revenueOption(
      [month('2026-09', 180, null), month('2026-10', 120.5, null)],
      { title: 'Revenue', rtl: false, revenue: 'Revenue', contacts: 'Contacts' },
      en,
      'EUR',
    ) as any;
    expect(option.xAxis.data).toEqual(['Sept 2026', 'Oct 2026']);
    expect(option.series[0].data.map((d: { value: number }) => d.value)).toEqual([180, 120.5]);
    expect(option.tooltip.formatter({ data: option.series[0].data[1] })).toBe(
      'Oct 2026<br/>Revenue: <b>€120.50</b><br/>Contacts: <b>3</b>',
    );
  });
});

describe('KPI trend', () => {
  it('leaves unmeasured months as gaps and draws the target', () => {
    const option = kpiTrendOption(
      [month('2026-09', 0, null), month('2026-10', 0, 40)],
      'nps',
      50,
      { title: 'NPS', rtl: false, kpiLabel: 'NPS', target: 'Target' },
      en,
    ) as any;
    expect(option.series[0].data.map((d: { value: unknown }) => d.value)).toEqual(['-', 40]);
    expect(option.series[0].markLine.data).toEqual([{ yAxis: 50 }]);
    expect(option.tooltip.formatter({ data: option.series[0].data[0] })).toBe(
      'Sept 2026<br/>NPS: <b>–</b><br/>Target: <b>50</b>',
    );
  });

  it('formats shares as percentages and caps progress', () => {
    expect(formatKpi('sla_compliance', 0.9, en)).toBe('90%');
    expect(formatKpi('revenue', 1000, en, 'EUR')).toBe('€1,000.00');
    const base = { kpi: 'revenue' as const, target: 1, by: '2026-12-31', from: null, actual: 2, achieved: true };
    expect(progressPercent({ ...base, progress: 1.7 })).toBe(100);
    expect(progressPercent({ ...base, progress: 0.456 })).toBe(46);
    expect(progressPercent({ ...base, progress: null })).toBeNull();
  });
});
