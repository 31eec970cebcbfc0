// How one segment grew or shrank month by month (GET /segments/:name/history): members as a
// line, customers who entered and who left since the month before as bars.
import {
  categoryAxis,
  frame,
  tooltipLine,
  valueAxis,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from './chart-base';
import type { SegmentHistoryPoint } from './analytics-types';

export interface SegmentHistoryText extends ChartFrame {
  members: string;
  entered: string;
  exited: string;
}

/** The calendar month a point stands for (points are month ends, or `asOf` for the last). */
export const pointMonth = (point: SegmentHistoryPoint): string => point.at.slice(0, 7);

export function segmentHistoryOption(
  points: SegmentHistoryPoint[],
  text: SegmentHistoryText,
  format: ChartFormat,
): Option {
  const row = (point: SegmentHistoryPoint) => ({ month: pointMonth(point), point });
  const series = (name: string, type: 'line' | 'bar', value: (p: SegmentHistoryPoint) => number) => ({
    type,
    name,
    cursor: 'pointer',
    data: points.map((point) => ({ ...row(point), value: value(point) })),
  });
  return {
    ...frame(text),
    legend: { top: 0, [text.rtl ? 'right' : 'left']: 0 },
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: (params: { data: ReturnType<typeof row> }) =>
        [
          format.month(params.data.month),
          tooltipLine(text.members, format.number(params.data.point.members)),
          tooltipLine(text.entered, format.number(params.data.point.entered)),
          tooltipLine(text.exited, format.number(params.data.point.exited)),
        ].join('<br/>'),
    },
    xAxis: categoryAxis(
      points.map((p) => format.month(pointMonth(p))),
      text.rtl,
    ),
    yAxis: valueAxis(text.rtl, (v) => format.number(v)),
    series: [
      series(text.members, 'line', (p) => p.members),
      series(text.entered, 'bar', (p) => p.entered),
      series(text.exited, 'bar', (p) => p.exited),
    ],
  };
}
