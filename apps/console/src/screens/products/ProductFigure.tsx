// "Which products earn the most?" (by another sort: what the page's first products earned, in
// its order): the page's first products as bars of revenue, and the same figures as a table
// whose SKUs open the product, so it works from the keyboard too.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartFigure } from '../dashboard/ChartFigure';
import { EChart } from '../dashboard/EChart';
import { productBars, productOption, type ProductBar } from './product-chart';
import type { ProductSort } from './product-list';
import type { ProductSummary } from '@ledger/queries/api';
import { useProductFormat } from './useProductFormat';

export function ProductFigure({
  products,
  sort,
  firstPage,
  onOpen,
}: {
  products: ProductSummary[];
  sort: ProductSort;
  firstPage: boolean;
  onOpen: (sku: string) => void;
}) {
  const { t } = useTranslation('products');
  const { format, rtl, amount } = useProductFormat();
  // The best earners only on the first page by revenue; else the bars follow the list's order.
  const title = sort === 'revenue' && firstPage ? t('question') : t('questionInOrder', { sort: t(`sorts.${sort}`) });
  const option = useMemo(
    () =>
      productOption(
        products,
        {
          title,
          rtl,
          revenue: t('columns.revenue'),
          quantity: t('columns.quantity'),
          orders: t('columns.orders'),
          amount,
        },
        format,
      ),
    // Memo keys: t follows the language, as format and amount do
    [products, title, rtl, format, amount],
  );
  const bars = productBars(products);
  const note = t('chartNote', { count: bars.length, formatted: format.number(bars.length) });
  return (
    <ChartFigure
      title={title}
      chart={
        <>
          <EChart<ProductBar>
            option={option}
            onPick={(bar) => onOpen(bar.sku)}
            height={Math.max(160, bars.length * 32 + 48)}
            testId="chart-products"
          />
          <p className="muted">{note}</p>
        </>
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">
            {title} {note}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.sku')}</th>
              <th scope="col" className="num">
                {t('columns.revenue')}
              </th>
              <th scope="col" className="num">
                {t('columns.quantity')}
              </th>
              <th scope="col" className="num">
                {t('columns.orders')}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map(({ sku, product }) => (
              <tr key={sku}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onOpen(sku)}>
                    <bdi>{sku}</bdi>
                  </button>
                </th>
                <td className="num">{amount(product.purchases.revenue)}</td>
                <td className="num">{format.number(product.purchases.quantity)}</td>
                <td className="num">{format.number(product.purchases.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
