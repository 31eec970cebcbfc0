// "Which products earn the most?": the first products of the list's page, in the list's order,
// as horizontal bars of revenue; the exact amount, quantity and orders in the tooltip. A click
// on a bar opens that product.
import {
  escapeHtml,
  frame,
  tooltipLine,
  type ChartFormat,
  type ChartFrame,
  type Option,
} from '../dashboard/chart-base';
import type { ProductSummary } from '@ledger/queries/api';

/** Bars drawn: more would not be readable as labels beside the bars. */
export const CHART_PRODUCTS = 10;

export interface ProductChartText extends ChartFrame {
  revenue: string;
  quantity: string;
  orders: string;
  /** Revenue as the page shows it (two decimals, no currency: see product-figures). */
  amount(value: number): string;
}

export interface ProductBar {
  sku: string;
  value: number;
  product: ProductSummary;
}

export function productBars(products: ProductSummary[]): ProductBar[] {
  return products.slice(0, CHART_PRODUCTS).map((product) => ({
    sku: product.sku,
    value: product.purchases.revenue,
    product,
  }));
}

export function productOption(products: ProductSummary[], text: ProductChartText, format: ChartFormat): Option {
  const bars = productBars(products);
  return {
    ...frame(text),
    // Room at the bars' ends for the amount beside the longest one.
    grid: { top: 8, bottom: 24, left: text.rtl ? 72 : 16, right: text.rtl ? 16 : 72, containLabel: true },
    tooltip: {
      confine: true,
      trigger: 'item',
      formatter: ({ data: { product } }: { data: ProductBar }) =>
        [
          // SKUs and descriptions are the shops' words: escaped.
          escapeHtml(product.description ? `${product.sku} · ${product.description}` : product.sku),
          tooltipLine(text.revenue, text.amount(product.purchases.revenue)),
          tooltipLine(text.quantity, format.number(product.purchases.quantity)),
          tooltipLine(text.orders, format.number(product.purchases.orders)),
        ].join('<br/>'),
    },
    // The first product on top; in RTL the bars grow from the right, labels on the right.
    xAxis: {
      type: 'value',
      inverse: text.rtl,
      axisLabel: { formatter: (v: number) => format.number(v) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      position: text.rtl ? 'right' : 'left',
      data: bars.map((bar) => bar.sku),
    },
    series: [
      {
        type: 'bar',
        name: text.revenue,
        data: bars,
        cursor: 'pointer',
        label: {
          show: true,
          position: text.rtl ? 'left' : 'right',
          formatter: ({ data }: { data: ProductBar }) => text.amount(data.value),
        },
      },
    ],
  };
}
