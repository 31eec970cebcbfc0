// What every chart of the analyst screens shares, kept free of ECharts and the DOM so the
// option builders stay pure and testable: the formatters of the page's language, the text
// direction, and the common frame (title that states the question, tooltip, font, RTL axes).
import type { EChartsCoreOption } from 'echarts/core';

/** The page language's formatters (Persian digits and calendar in `fa`), handed to the builders. */
export interface ChartFormat {
  /** A count or ratio in the page's digits. */
  number(value: number, fractionDigits?: number): string;
  /** An amount; with its currency when the API gives one. */
  money(amount: number, currency?: string | null): string;
  /** A calendar month key (`2026-03`) as a month and year of the page's calendar. */
  month(key: string): string;
  /** A share 0..1 as a percentage. */
  percent(share: number): string;
}

export interface ChartFrame {
  /** The question the chart answers, e.g. "How recent and how frequent are our buyers?". */
  title: string;
  rtl: boolean;
}

export type Option = EChartsCoreOption;

/** Font shipped with the console: Persian glyphs in both languages. */
export const CHART_FONT = 'Vazirmatn, system-ui, sans-serif';

/** Colour-blind-safe palette (Okabe–Ito), used in series order. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/**
 * The common frame. The title is carried (ECharts' aria description and image exports use it)
 * but not drawn: the page shows it as the figure's caption, where screen readers find it too.
 */
export function frame({ title, rtl }: ChartFrame): Option {
  return {
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT },
    title: { text: title, show: false, left: rtl ? 'right' : 'left' },
    tooltip: { confine: true },
    // Room for the axis names around the plot.
    grid: { top: 24, bottom: 48, left: 56, right: 56, containLabel: true },
    aria: { enabled: true },
  };
}

/** A category axis read in the page's direction: in RTL the first category sits on the right. */
export function categoryAxis(labels: string[], rtl: boolean, name?: string): Record<string, unknown> {
  return { type: 'category', data: labels, inverse: rtl, name, nameLocation: 'middle', nameGap: 32 };
}

/** A value axis on the reading side: the right in RTL. */
export function valueAxis(rtl: boolean, format: (v: number) => string, name?: string): Record<string, unknown> {
  return {
    type: 'value',
    position: rtl ? 'right' : 'left',
    name,
    axisLabel: { formatter: (value: number) => format(value) },
    // Counts and amounts: no ticks between whole units.
    minInterval: 1,
  };
}

/** One tooltip line: "label: value", escaped (labels can carry customer-entered text). */
export function tooltipLine(label: string, value: string): string {
  return `${escapeHtml(label)}: <b>${escapeHtml(value)}</b>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
