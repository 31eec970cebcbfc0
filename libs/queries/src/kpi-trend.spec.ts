import type { KpisDocument } from '@ledger/projections';
import { kpiTrend, lastMonths } from './kpi-trend';

const channels = { phone: 2, web: 1, email: 0, sms: 0, social: 0, chat: 0, in_person: 0, fax: 0 };

const doc: KpisDocument = {
  id: 'global',
  complaints: { opened: 3, resolved: 2, resolutionHours: 30, resolvedWithinSla: 1, resolvedAfterSla: 1, open: 1 },
  openCases: [],
  complaintsByMonth: {
    '2026-10': { opened: 3, resolved: 2, resolutionHours: 30, resolvedWithinSla: 1, resolvedAfterSla: 1 },
  },
  feedbackByMonth: {
    '2026-09': { csatCount: 2, csatTotal: 9, npsCount: 4, promoters: 2, passives: 1, detractors: 1 },
  },
  revenueByMonth: { '2026-08': 100.5, '2026-10': 250, '2026-12': 999 },
  contactsByMonth: { '2026-10': channels },
  customersRegisteredByMonth: { '2026-09': 4 },
  updatedAt: '2026-12-01T00:00:00.000Z',
  lastPosition: 40,
};

describe('kpiTrend', () => {
  it('lists the months ending with asOf, across a year boundary', () => {
    expect(lastMonths('2027-02-10T00:00:00.000Z', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('measures each month on its own and stops at asOf', () => {
    const trend = kpiTrend(doc, '2026-10-31T23:59:59.999Z', 3);
    expect(trend.months.map((m) => [m.month, m.revenue])).toEqual([
      ['2026-08', 100.5],
      ['2026-09', 0],
      ['2026-10', 250],
    ]);
    const [, september, october] = trend.months;
    expect(september).toMatchObject({ averageCsat: 4.5, nps: 25, customersRegistered: 4, slaCompliance: null });
    expect(october).toMatchObject({
      complaintsOpened: 3,
      complaintsResolved: 2,
      complaintResolutionHours: 15,
      slaCompliance: 0.5,
      contacts: 3,
      averageCsat: null,
      nps: null,
    });
  });

  it('answers zeros for a CRM without KPI figures yet', () => {
    const trend = kpiTrend(null, '2026-01-15T00:00:00.000Z', 2);
    expect(trend.months).toEqual([
      expect.objectContaining({ month: '2025-12', revenue: 0, contacts: 0, nps: null }),
      expect.objectContaining({ month: '2026-01', revenue: 0, complaintsOpened: 0 }),
    ]);
  });
});
