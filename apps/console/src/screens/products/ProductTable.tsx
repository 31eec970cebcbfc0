// The products of one page: every figure the API gives, "—" where it gives none, sortable by the
// API's sorts (each in its one direction). A product opens from its SKU's link or a click on
// its row.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NONE } from './product-figures';
import { PRODUCT_SORTS, type ProductSort } from './product-list';
import type { ProductSummary } from '@ledger/queries/api';
import { useProductFormat } from './useProductFormat';

type Column =
  | 'sku'
  | 'description'
  | 'category'
  | 'revenue'
  | 'quantity'
  | 'orders'
  | 'returns'
  | 'returnedAmount'
  | 'csat'
  | 'nps'
  | 'firstSoldAt'
  | 'lastSoldAt';

const COLUMNS: { key: Column; numeric: boolean }[] = [
  { key: 'sku', numeric: false },
  { key: 'description', numeric: false },
  { key: 'category', numeric: false },
  { key: 'revenue', numeric: true },
  { key: 'quantity', numeric: true },
  { key: 'orders', numeric: true },
  { key: 'returns', numeric: true },
  { key: 'returnedAmount', numeric: true },
  { key: 'csat', numeric: true },
  { key: 'nps', numeric: true },
  { key: 'firstSoldAt', numeric: false },
  { key: 'lastSoldAt', numeric: false },
];

const isSort = (key: Column): key is ProductSort => (PRODUCT_SORTS as readonly string[]).includes(key);

export function ProductTable({
  products,
  sort,
  onSort,
  onOpen,
  linkTo,
}: {
  products: ProductSummary[];
  sort: ProductSort;
  onSort: (sort: ProductSort) => void;
  onOpen: (sku: string) => void;
  linkTo: (sku: string) => string;
}) {
  const { t } = useTranslation('products');
  const { format, amount, date, rated } = useProductFormat();

  const cell = (p: ProductSummary, key: Column) => {
    switch (key) {
      case 'sku':
        return (
          <Link to={linkTo(p.sku)}>
            <bdi>{p.sku}</bdi>
          </Link>
        );
      case 'description':
        return p.description ?? NONE;
      case 'category':
        return p.category ?? NONE;
      case 'revenue':
        return amount(p.purchases.revenue);
      case 'quantity':
        return format.number(p.purchases.quantity);
      case 'orders':
        return format.number(p.purchases.orders);
      case 'returns':
        return format.number(p.returns.count);
      case 'returnedAmount':
        return amount(p.returns.amount);
      case 'csat':
        return rated(p.feedback.averageCsat, p.feedback.csatCount);
      case 'nps':
        return rated(p.feedback.averageNpsScore, p.feedback.npsCount);
      case 'firstSoldAt':
        return date(p.firstSoldAt);
      case 'lastSoldAt':
        return date(p.lastSoldAt);
    }
  };

  return (
    <div className="table-scroll">
      <table className="data-table product-table">
        <thead>
          <tr>
            {COLUMNS.map(({ key, numeric }) => {
              const sorted = key === sort;
              // SKUs sort A–Z, the figures and dates highest or latest first.
              const direction = key === 'sku' ? 'ascending' : 'descending';
              return (
                <th
                  key={key}
                  scope="col"
                  className={numeric ? 'num' : undefined}
                  aria-sort={sorted ? direction : undefined}
                >
                  {isSort(key) ? (
                    <button type="button" className="sort" onClick={() => onSort(key)}>
                      {t(`columns.${key}`)}
                      {sorted ? (direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    t(`columns.${key}`)
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            // The row opens the product for a pointer; the SKU's link does for the keyboard.
            <tr
              key={p.sku}
              className="clickable"
              onClick={(event) => {
                if (!(event.target as Element).closest('a, button')) onOpen(p.sku);
              }}
            >
              {COLUMNS.map(({ key, numeric }) => (
                <td key={key} className={numeric ? 'num' : undefined}>
                  {cell(p, key)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
