import { chartFormat } from '../dashboard/chart-format';
import { amountFormat } from './product-figures';
import { CHART_PRODUCTS, productOption } from './product-chart';
import type { ProductSummary } from '@ledger/queries/api';

const product = (sku: string, revenue: number, description: string | null = null): ProductSummary => ({
  sku,
  description,
  category: 'tea',
  purchases: { orders: 2, quantity: 3, revenue },
  returns: { count: 0, amount: 0 },
  feedback: { csatCount: 0, averageCsat: null, npsCount: 0, averageNpsScore: null },
  firstSoldAt: '2026-10-01T10:00:00.000Z',
  lastSoldAt: '2026-10-02T10:00:00.000Z',
});

const text = (rtl: boolean, language: 'en' | 'fa') => ({
  title: 'Which products earn the most?',
  rtl,
  revenue: 'Revenue',
  quantity: 'Quantity',
  orders: 'Orders',
  amount: amountFormat(language),
});

describe('the products chart', () => {
  const products = Array.from({ length: 12 }, (_, i) => product(`SKU-${i}`, 100 - i));

  it('draws the first ten of the page in its order, first on top, revenue on each bar', () => {
    const option = productOption(products, text(false, 'en'), chartFormat('en')) as any;
    expect(option.yAxis).toMatchObject({ inverse: true, position: 'left' });
    expect(option.yAxis.data).toHaveLength(CHART_PRODUCTS);
    expect(option.yAxis.data.slice(0, 2)).toEqual(['SKU-0', 'SKU-1']);
    expect(option.series[0].data.map((d: { value: number }) => d.value).slice(0, 2)).toEqual([100, 99]);
    expect(option.series[0].label.formatter({ data: option.series[0].data[0] })).toBe('100.00');
    expect(option.xAxis.inverse).toBe(false);
  });

  it('gives the exact figures in the tooltip, escaping the shop’s words', () => {
    const option = productOption(
      [product('BANK CHARGES', 1234.5, 'Fees <b>&</b> charges')],
      text(false, 'en'),
      chartFormat('en'),
    ) as any;
    expect(option.tooltip.formatter({ data: option.series[0].data[0] })).toBe(
      'BANK CHARGES · Fees &#60;b&#62;&#38;&#60;/b&#62; charges<br/>Revenue: <b>1,234.50</b>' +
        '<br/>Quantity: <b>3</b><br/>Orders: <b>2</b>',
    );
  });

  it('mirrors for right to left: bars from the right, names on the right, Persian digits', () => {
    const option = productOption([product('چای-سبز', 12.5)], text(true, 'fa'), chartFormat('fa')) as any;
    expect(option.xAxis.inverse).toBe(true);
    expect(option.yAxis.position).toBe('right');
    expect(option.series[0].label.position).toBe('left');
    expect(option.grid).toMatchObject({ left: 72, right: 16 });
    expect(option.series[0].label.formatter({ data: option.series[0].data[0] })).toBe('۱۲٫۵۰');
    expect(option.series[0].data[0].sku).toBe('چای-سبز');
  });
});
