import { chartFormat } from './chart-format';
import { segmentHistoryOption } from './segment-history';

const points = [
  { at: '2026-09-30T23:59:59.999Z', members: 4, entered: 1, exited: 0 },
  { at: '2026-10-31T23:59:59.999Z', members: 3, entered: 0, exited: 1 },
];
const text = { title: 'How has “At risk” moved?', rtl: false, members: 'In it', entered: 'Entered', exited: 'Left' };

describe('segment history chart', () => {
  it('draws members as a line and entered / left as bars, one category per month', () => {
    const option = segmentHistoryOption(points, text, chartFormat('en')) as any;
    expect(option.xAxis.data).toHaveLength(2);
    expect(option.series.map((s: { type: string; name: string }) => [s.type, s.name])).toEqual([
      ['line', 'In it'],
      ['bar', 'Entered'],
      ['bar', 'Left'],
    ]);
    expect(option.series[0].data.map((d: { value: number }) => d.value)).toEqual([4, 3]);
    expect(option.series[2].data.map((d: { value: number }) => d.value)).toEqual([0, 1]);
    const tip = option.tooltip.formatter({ data: option.series[1].data[1] });
    expect(tip).toContain('In it: <b>3</b>');
    expect(tip).toContain('Left: <b>1</b>');
  });

  it('reads right to left in Persian, with Persian digits', () => {
    const option = segmentHistoryOption(points, { ...text, rtl: true }, chartFormat('fa')) as any;
    expect(option.xAxis.inverse).toBe(true);
    expect(option.yAxis.position).toBe('right');
    expect(option.tooltip.formatter({ data: option.series[0].data[0] })).toContain('۴');
  });
});
