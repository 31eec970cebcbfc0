import { chartFormat } from '../dashboard/chart-format';
import { campaignOption, campaignRows } from './campaign-chart';
import type { CampaignAttribution } from './campaign-types';

const zero = { phone: 0, web: 0, email: 0, sms: 0, social: 0, chat: 0, in_person: 0, fax: 0 };
const campaign = (
  id: string,
  touches: number,
  calls: number,
  revenue: number,
  roi: number | null,
): CampaignAttribution => ({
  campaignId: id,
  name: `Ad ${id}`,
  channel: 'email',
  window: { startsAt: '2026-09-01T00:00:00.000Z', endsAt: '2026-10-31T23:59:59.000Z' },
  asOf: '2026-11-01T23:59:59.999Z',
  lookbackDays: 30,
  budget: 100,
  currency: 'EUR',
  contactsByChannel: {
    phone: { inbound: 0, outbound: 0 },
    web: { inbound: 0, outbound: 0 },
    email: { inbound: 0, outbound: 0 },
    sms: { inbound: 0, outbound: 0 },
    social: { inbound: 0, outbound: 0 },
    chat: { inbound: 0, outbound: 0 },
    in_person: { inbound: 0, outbound: 0 },
    fax: { inbound: 0, outbound: 0 },
  },
  touchesByChannel: { ...zero, email: touches, sms: 1 },
  contactsAfterTouch: { ...zero, phone: calls, web: 2 },
  directPurchases: { count: 1, revenue },
  firstTouch: { purchases: 1, revenue },
  lastTouch: { purchases: 2, revenue },
  customersTouched: touches,
  customersConverted: 1,
  conversionRate: 0.5,
  costPerAcquisition: 100,
  roi: { direct: roi, firstTouch: roi, lastTouch: roi },
});

describe('campaigns side by side', () => {
  const rows = campaignRows([campaign('a', 10, 400, 250, 1.5), campaign('b', 5, 200, 0, null)]);

  it('sums touches and inbound contacts after a touch across channels', () => {
    expect(rows[0]).toMatchObject({ name: 'Ad a', touches: 11, inboundAfterTouch: 402, conversions: 1, purchases: 2 });
    expect(rows[1]).toMatchObject({ inboundAfterTouch: 202, revenue: 0, roi: null });
  });

  it('groups one bar per measure per campaign, with revenue and ROI in the tooltip', () => {
    const option = campaignOption(
      rows,
      { title: 'Which campaign brought more?', rtl: true, measure: (m) => m, revenue: 'Revenue', roi: 'ROI' },
      chartFormat('en'),
    ) as any;
    expect(option.series.map((s: { name: string }) => s.name)).toEqual([
      'touches',
      'inboundAfterTouch',
      'conversions',
      'purchases',
    ]);
    expect(option.series[1].data.map((d: { value: number }) => d.value)).toEqual([402, 202]);
    expect(option.xAxis).toMatchObject({ data: ['Ad a', 'Ad b'], inverse: true });
    expect(option.tooltip.formatter({ data: option.series[1].data[0] })).toBe(
      'Ad a<br/>inboundAfterTouch: <b>402</b><br/>Revenue: <b>€250.00</b><br/>ROI: <b>150%</b>',
    );
  });
});
