import type { CrmEvent } from '@ledger/domain';
import { computeKpis, kpisProjection, type KpisDocument, type KpiTarget } from './kpis.projection';
import {
  at,
  complaintEscalated,
  complaintOpened,
  complaintResolved,
  contacted,
  feedbackGiven,
  launched,
  offerMade,
  purchased,
  registered,
  returned,
  touched,
} from './test-support/customer-events';
import { foldLog, recorded } from './test-support/recorded';

const events: CrmEvent[] = [
  registered('c1', at('2026-01-05')),
  registered('c2', at('2026-02-10')),
  registered('c3', at('2026-02-11')),
  // 12 h, within SLA
  complaintOpened('c1', 'case-1', at('2026-01-10'), at('2026-01-11')),
  complaintResolved('c1', 'case-1', at('2026-01-11', '00:00')),
  // same case id at another customer: 48 h, after SLA
  complaintOpened('c2', 'case-1', at('2026-02-12'), at('2026-02-13')),
  complaintEscalated('c2', 'case-1', at('2026-02-13'), 1),
  complaintResolved('c2', 'case-1', at('2026-02-14')),
  // 24 h, resolved at the very due instant: within SLA
  complaintOpened('c1', 'case-2', at('2026-03-01'), at('2026-03-02')),
  complaintResolved('c1', 'case-2', at('2026-03-02')),
  complaintOpened('c3', 'case-9', at('2026-03-05'), at('2026-03-06')),
  feedbackGiven('c1', at('2026-01-20'), 'csat', 5),
  feedbackGiven('c1', at('2026-01-20'), 'nps', 10),
  feedbackGiven('c2', at('2026-02-20'), 'csat', 3),
  feedbackGiven('c2', at('2026-02-20'), 'nps', 9),
  feedbackGiven('c2', at('2026-02-21'), 'nps', 7),
  feedbackGiven('c3', at('2026-03-20'), 'nps', 8),
  feedbackGiven('c3', at('2026-03-20'), 'nps', 6),
  feedbackGiven('c3', at('2026-03-21'), 'nps', 0),
  purchased('c1', at('2026-01-15'), 100),
  purchased('c2', at('2026-02-15'), 250.5),
  returned('c2', at('2026-02-16'), 50.25),
  purchased('c3', at('2027-01-15'), 300),
  purchased('c1', at('2025-12-24'), 40), // backfilled import
  contacted('c1', at('2026-01-06'), 'phone'),
  contacted('c1', at('2026-01-07'), 'phone'),
  contacted('c2', at('2026-01-08'), 'email'),
  offerMade('c1', at('2026-01-15'), 'o1', 'GRD-10', at('2026-02-15')),
  touched('c1', at('2026-01-16')),
];

const fold = (): KpisDocument => {
  const doc = foldLog(kpisProjection, recorded(events)).get('global');
  if (!doc) throw new Error('no KPI document');
  return doc;
};

describe('KPI projection', () => {
  it('keeps one global document and ignores events no KPI reads', () => {
    const [launch, offer, escalation, purchase] = recorded([
      launched('spring', at('2026-01-01')),
      offerMade('c1', at('2026-01-15'), 'o1', 'GRD-10', at('2026-02-15')),
      complaintEscalated('c1', 'case-1', at('2026-01-15'), 1),
      purchased('c1', at('2026-01-15'), 10),
    ]);
    expect([launch, offer, escalation].map((e) => kpisProjection.keysOf(e))).toEqual([[], [], []]);
    expect(kpisProjection.keysOf(purchase)).toEqual(['global']);
  });

  it('counts complaints, resolution hours and SLA outcomes, all-time and by month', () => {
    const doc = fold();
    expect(doc.complaints).toEqual({
      opened: 4,
      resolved: 3,
      resolutionHours: 84,
      resolvedWithinSla: 2,
      resolvedAfterSla: 1,
      open: 1,
    });
    expect(doc.complaintsByMonth).toEqual({
      '2026-01': { opened: 1, resolved: 1, resolutionHours: 12, resolvedWithinSla: 1, resolvedAfterSla: 0 },
      '2026-02': { opened: 1, resolved: 1, resolutionHours: 48, resolvedWithinSla: 0, resolvedAfterSla: 1 },
      '2026-03': { opened: 2, resolved: 1, resolutionHours: 24, resolvedWithinSla: 1, resolvedAfterSla: 0 },
    });
    expect(doc.openCases).toEqual([
      { customerId: 'c3', caseId: 'case-9', openedAt: at('2026-03-05'), slaDueAt: at('2026-03-06') },
    ]);
  });

  it('buckets CSAT and NPS answers by month', () => {
    expect(fold().feedbackByMonth).toEqual({
      '2026-01': { csatCount: 1, csatTotal: 5, npsCount: 1, promoters: 1, passives: 0, detractors: 0 },
      '2026-02': { csatCount: 1, csatTotal: 3, npsCount: 2, promoters: 1, passives: 1, detractors: 0 },
      '2026-03': { csatCount: 0, csatTotal: 0, npsCount: 3, promoters: 0, passives: 1, detractors: 2 },
    });
  });

  it('keeps revenue net of returns, contacts and registrations per business-time month, months in order', () => {
    const doc = fold();
    expect(Object.entries(doc.revenueByMonth)).toEqual([
      ['2025-12', 40],
      ['2026-01', 100],
      ['2026-02', 200.25],
      ['2027-01', 300],
    ]);
    expect(doc.contactsByMonth).toEqual({
      '2026-01': { phone: 2, web: 0, email: 1, sms: 0, social: 0, chat: 0, in_person: 0, fax: 0 },
    });
    expect(doc.customersRegisteredByMonth).toEqual({ '2026-01': 1, '2026-02': 2 });
    expect(doc.lastPosition).toBe(events.length - 2); // the offer and the touch are not KPI events
  });

  it('is deterministic: folding the same log twice gives the same bytes', () => {
    const log = recorded(events);
    const first = JSON.stringify(foldLog(kpisProjection, log).get('global'));
    expect(JSON.stringify(foldLog(kpisProjection, log).get('global'))).toBe(first);
  });
});

describe('computeKpis', () => {
  const retention = { base: 40, retained: 30 };

  it('measures every KPI over the months up to asOf', () => {
    const doc = fold();
    expect(computeKpis(doc, { asOf: at('2026-12-31'), targets: [], retention })).toEqual({
      asOf: at('2026-12-31'),
      complaintResolutionHours: 28,
      slaCompliance: 0.6667,
      averageCsat: 4,
      nps: 0,
      revenue: { total: 340.25, byYear: { '2025': 40, '2026': 300.25 } },
      retentionRate: 0.75,
      targets: [],
    });
    expect(computeKpis(doc, { asOf: '2026-01-31', targets: [], retention: null })).toMatchObject({
      complaintResolutionHours: 12,
      slaCompliance: 1,
      averageCsat: 5,
      nps: 100,
      revenue: { total: 140, byYear: { '2025': 40, '2026': 100 } },
      retentionRate: null,
    });
  });

  it('reports nothing measured before the first event', () => {
    expect(computeKpis(null, { asOf: at('2026-01-01'), targets: [], retention: { base: 0, retained: 0 } })).toEqual({
      asOf: at('2026-01-01'),
      complaintResolutionHours: null,
      slaCompliance: null,
      averageCsat: null,
      nps: null,
      revenue: { total: 0, byYear: {} },
      retentionRate: null,
      targets: [],
    });
  });

  it('measures revenue targets from the start of the target year (or `from`) up to by, never past asOf', () => {
    const targets: KpiTarget[] = [
      { kpi: 'revenue', target: 1200, by: '2026-12-31' },
      { kpi: 'revenue', target: 300, by: '2027-06-30' },
      { kpi: 'revenue', target: 300, by: '2026-02-28', from: '2025-12-01' },
      { kpi: 'revenue', target: 100, by: '2026-01-31' },
    ];
    const report = computeKpis(fold(), { asOf: at('2026-12-31'), targets, retention });
    expect(report.targets).toEqual([
      {
        kpi: 'revenue',
        target: 1200,
        by: '2026-12-31',
        from: '2026-01',
        actual: 300.25,
        achieved: false,
        progress: 0.2502,
      },
      // the 2027 window has not started as of asOf
      { kpi: 'revenue', target: 300, by: '2027-06-30', from: '2027-01', actual: 0, achieved: false, progress: 0 },
      {
        kpi: 'revenue',
        target: 300,
        by: '2026-02-28',
        from: '2025-12',
        actual: 340.25,
        achieved: true,
        progress: 1.1342,
      },
      { kpi: 'revenue', target: 100, by: '2026-01-31', from: '2026-01', actual: 100, achieved: true, progress: 1 },
    ]);
    // Later, the 2027 window counts the January purchase.
    const later = computeKpis(fold(), { asOf: at('2027-03-01'), targets: [targets[1]], retention });
    expect(later.targets[0]).toMatchObject({ actual: 300, achieved: true, progress: 1 });
  });

  it('compares rate targets, lower being better for resolution hours and NPS on its shifted scale', () => {
    const targets: KpiTarget[] = [
      { kpi: 'sla_compliance', target: 0.9, by: '2027-12-31' },
      { kpi: 'complaint_resolution_hours', target: 24, by: '2026-12-31' },
      { kpi: 'complaint_resolution_hours', target: 30, by: '2026-12-31' },
      { kpi: 'complaint_resolution_hours', target: 24, by: '2026-12-31', from: '2026-03-01' },
      { kpi: 'nps', target: 20, by: '2026-12-31' },
      { kpi: 'average_csat', target: 4, by: '2026-12-31' },
      { kpi: 'retention_rate', target: 0.8, by: '2026-12-31' },
    ];
    const report = computeKpis(fold(), { asOf: at('2026-12-31'), targets, retention });
    expect(
      report.targets.map(({ kpi, from, actual, achieved, progress }) => [kpi, from, actual, achieved, progress]),
    ).toEqual([
      ['sla_compliance', null, 0.6667, false, 0.7408],
      ['complaint_resolution_hours', null, 28, false, 0.8571],
      ['complaint_resolution_hours', null, 28, true, 1.0714],
      ['complaint_resolution_hours', '2026-03', 24, true, 1],
      ['nps', null, 0, false, 0.8333],
      ['average_csat', null, 4, true, 1],
      ['retention_rate', null, 0.75, false, 0.9375],
    ]);
  });

  it('leaves a target without anything to measure unachieved, with no progress', () => {
    const targets: KpiTarget[] = [
      { kpi: 'retention_rate', target: 0.8, by: '2026-12-31' },
      { kpi: 'average_csat', target: 4, by: '2025-12-31' },
    ];
    const report = computeKpis(fold(), { asOf: at('2026-12-31'), targets, retention: null });
    expect(report.targets.map((t) => [t.actual, t.achieved, t.progress])).toEqual([
      [null, false, null],
      [null, false, null],
    ]);
  });
});
