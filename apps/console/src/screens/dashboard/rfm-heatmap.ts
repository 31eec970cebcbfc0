// The RFM heat map: recency quintile (rows) × frequency quintile (columns); the number in a
// cell is its customers, the colour the average net value they hold. Empty cells stay grey.
import { categoryAxis, frame, tooltipLine, type ChartFormat, type ChartFrame, type Option } from './chart-base';
import type { RfmCell, RfmGridAnswer } from './analytics-types';

export interface RfmText extends ChartFrame {
  recency: string;
  frequency: string;
  customers: string;
  averageValue: string;
  totalValue: string;
}

/** What a click on a cell hands to the drill-down. */
export interface RfmCellData extends RfmCell {
  value: [number, number, number];
}

const SCORES = [1, 2, 3, 4, 5];

export function rfmHeatmapOption(grid: RfmGridAnswer, text: RfmText, format: ChartFormat): Option {
  const averages = grid.cells.filter((c) => c.averageMonetary !== null).map((c) => c.averageMonetary as number);
  const min = averages.length ? Math.min(...averages) : 0;
  const max = averages.length ? Math.max(...averages) : 1;
  // Empty cells get a colour value below the scale, which visualMap paints as out of range.
  const empty = min - 1;
  const data: RfmCellData[] = grid.cells.map((cell) => ({
    ...cell,
    value: [cell.f - 1, cell.r - 1, cell.averageMonetary ?? empty],
  }));
  return {
    ...frame(text),
    grid: { top: 16, bottom: 72, left: 56, right: 56, containLabel: true },
    tooltip: {
      confine: true,
      formatter: (params: { data: RfmCellData }) => rfmTooltip(params.data, text, format),
    },
    xAxis: {
      ...categoryAxis(
        SCORES.map((s) => format.number(s)),
        text.rtl,
        text.frequency,
      ),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: SCORES.map((s) => format.number(s)),
      name: text.recency,
      nameLocation: 'middle',
      nameGap: 32,
      position: text.rtl ? 'right' : 'left',
      splitArea: { show: true },
    },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min,
      max: max > min ? max : min + 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: [format.money(max), format.money(min)],
      inRange: { color: ['#deebf7', '#6baed6', '#08306b'] },
      outOfRange: { color: '#f3f4f6' },
    },
    series: [
      {
        type: 'heatmap',
        name: text.title,
        data,
        label: {
          show: true,
          formatter: (params: { data: RfmCellData }) => format.number(params.data.customers),
        },
        emphasis: { itemStyle: { borderColor: '#111', borderWidth: 2 } },
      },
    ],
  };
}

export function rfmTooltip(cell: RfmCell, text: RfmText, format: ChartFormat): string {
  return [
    `${tooltipLine(text.recency, format.number(cell.r))} · ${tooltipLine(text.frequency, format.number(cell.f))}`,
    tooltipLine(text.customers, format.number(cell.customers)),
    tooltipLine(text.averageValue, cell.averageMonetary === null ? '–' : format.money(cell.averageMonetary)),
    tooltipLine(text.totalValue, format.money(cell.monetary)),
  ].join('<br/>');
}

/** The table alternative: one row per recency score (5 first), one column per frequency score. */
export function rfmTableRows(grid: RfmGridAnswer): { r: number; cells: RfmCell[] }[] {
  return [5, 4, 3, 2, 1].map((r) => ({
    r,
    cells: SCORES.map((f) => grid.cells.find((c) => c.r === r && c.f === f) as RfmCell),
  }));
}
