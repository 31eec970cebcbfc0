// Campaigns side by side: per campaign the touches delivered, the inbound contacts that followed
// a touch ("400 calls after ad A vs 200 after ad B"), the customers converted and the purchases
// attributed (last touch), as grouped bars; revenue and ROI in the tooltip and the table.
import {
  categoryAxis,
  frame,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from '../dashboard/chart-base';
import type { CampaignAttribution } from './campaign-types';

export interface CampaignRow {
  campaignId: string;
  name: string;
  touches: number;
  inboundAfterTouch: number;
  conversions: number;
  purchases: number;
  revenue: number;
  roi: number | null;
  budget: number | null;
  currency: string | null;
}

const sum = (record: Record<string, number>): number => Object.values(record).reduce((n, v) => n + v, 0);

/** One row per campaign: what the chart and the table show. Revenue and ROI by last touch. */
export function campaignRows(campaigns: CampaignAttribution[]): CampaignRow[] {
  return campaigns.map((c) => ({
    campaignId: c.campaignId,
    name: c.name ?? c.campaignId,
    touches: sum(c.touchesByChannel),
    inboundAfterTouch: sum(c.contactsAfterTouch),
    conversions: c.customersConverted,
    purchases: c.lastTouch.purchases,
    revenue: c.lastTouch.revenue,
    roi: c.roi.lastTouch,
    budget: c.budget,
    currency: c.currency,
  }));
}

export const CAMPAIGN_MEASURES = ['touches', 'inboundAfterTouch', 'conversions', 'purchases'] as const;
export type CampaignMeasure = (typeof CAMPAIGN_MEASURES)[number];

export interface CampaignText extends ChartFrame {
  measure(measure: CampaignMeasure): string;
  revenue: string;
  roi: string;
}

export function campaignOption(rows: CampaignRow[], text: CampaignText, format: ChartFormat): Option {
  return {
    ...frame(text),
    legend: { top: 0, data: CAMPAIGN_MEASURES.map((m) => text.measure(m)) },
    grid: { top: 40, bottom: 40, left: 56, right: 56, containLabel: true },
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: { row: CampaignRow; measure: CampaignMeasure } }) => {
        const { row, measure } = params.data;
        return [
          row.name,
          tooltipLine(text.measure(measure), format.number(row[measure])),
          tooltipLine(text.revenue, format.money(row.revenue, row.currency)),
          tooltipLine(text.roi, row.roi === null ? '–' : format.percent(row.roi)),
        ].join('<br/>');
      },
    },
    xAxis: categoryAxis(
      rows.map((r) => r.name),
      text.rtl,
    ),
    yAxis: valueAxis(text.rtl, (v) => format.number(v)),
    series: CAMPAIGN_MEASURES.map((measure) => ({
      type: 'bar',
      name: text.measure(measure),
      cursor: 'pointer',
      data: rows.map((row) => ({ value: row[measure], row, measure })),
    })),
  };
}
