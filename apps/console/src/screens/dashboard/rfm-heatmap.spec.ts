import type { RfmGridAnswer } from './analytics-types';
import { chartFormat } from './chart-format';
import { rfmHeatmapOption, rfmTableRows, rfmTooltip, type RfmCellData } from './rfm-heatmap';

const cells = [];
for (let r = 1; r <= 5; r++) {
  for (let f = 1; f <= 5; f++) cells.push({ r, f, customers: 0, monetary: 0, averageMonetary: null as number | null });
}
const grid: RfmGridAnswer = {
  asOf: '2026-11-01T23:59:59.999Z',
  position: 9,
  customers: 4,
  prospects: 1,
  cells: cells.map((c) =>
    c.r === 5 && c.f === 4
      ? { ...c, customers: 2, monetary: 300, averageMonetary: 150 }
      : c.r === 1 && c.f === 1
        ? { ...c, customers: 1, monetary: 40, averageMonetary: 40 }
        : c,
  ),
};
const text = {
  title: 'How recent and how frequent are our buyers?',
  rtl: false,
  recency: 'Recency',
  frequency: 'Frequency',
  customers: 'Customers',
  averageValue: 'Average value',
  totalValue: 'Total value',
};
const en = chartFormat('en');

describe('rfmHeatmapOption', () => {
  const option = rfmHeatmapOption(grid, text, en) as any;
  const data: RfmCellData[] = option.series[0].data;

  it('places every cell at (frequency, recency) and colours it by average value', () => {
    expect(data).toHaveLength(25);
    expect(data.find((d) => d.r === 5 && d.f === 4)?.value).toEqual([3, 4, 150]);
    expect(option.visualMap).toMatchObject({ min: 40, max: 150, dimension: 2 });
    // Empty cells fall below the scale and are painted grey.
    expect(data.find((d) => d.r === 3 && d.f === 3)?.value[2]).toBeLessThan(40);
    expect(option.series[0].label.formatter({ data: data.find((d) => d.r === 5 && d.f === 4) })).toBe('2');
  });

  it('says the exact figures in the tooltip, escaped', () => {
    const cell = grid.cells.find((c) => c.r === 5 && c.f === 4)!;
    const tip = rfmTooltip(cell, { ...text, customers: '<Customers>' }, en);
    expect(tip).toContain('&#60;Customers&#62;: <b>2</b>');
    expect(tip).toContain('Average value: <b>150</b>');
    expect(rfmTooltip(grid.cells[12], text, en)).toContain('Average value: <b>–</b>');
  });

  it('mirrors the axes in Persian and uses Persian digits', () => {
    const fa = rfmHeatmapOption(grid, { ...text, rtl: true }, chartFormat('fa')) as any;
    expect(fa.xAxis.inverse).toBe(true);
    expect(fa.yAxis.position).toBe('right');
    expect(fa.xAxis.data).toEqual(['۱', '۲', '۳', '۴', '۵']);
    expect(fa.title).toMatchObject({ text: text.title, show: false, left: 'right' });
  });

  it('lists the table alternative with the most recent row first', () => {
    const rows = rfmTableRows(grid);
    expect(rows.map((r) => r.r)).toEqual([5, 4, 3, 2, 1]);
    expect(rows[0].cells.map((c) => c.customers)).toEqual([0, 0, 0, 2, 0]);
  });
});
