// Products for analysts (the product catalogue read model): the list, paged and sorted on the
// server with a category filter, its first products' revenue as bars; one product at
// /product-catalogue/<SKU, URL-encoded> with its figures, return rate and feedback.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import './products.css';
import { CategoryFilter } from './CategoryFilter';
import { ProductDetail } from './ProductDetail';
import { ProductFigure } from './ProductFigure';
import {
  pageRange,
  productListView,
  productPath,
  productsQuery,
  withView,
  type ProductListView,
  type ProductSort,
} from './product-list';
import type { ProductsAnswer } from '@ledger/queries/api';
import { ProductTable } from './ProductTable';
import { useProductFormat } from './useProductFormat';

export default function ProductsScreen() {
  const { sku } = useParams();
  return sku === undefined ? <ProductList /> : <ProductDetail sku={sku} />;
}

function ProductList() {
  const { t } = useTranslation('products');
  const { format } = useProductFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = productListView(params);
  const query = productsQuery(view);
  const answer = useQuery({
    queryKey: ['products', query],
    queryFn: ({ signal }) => api.get<ProductsAnswer>('/products', query, { signal }),
    placeholderData: keepPreviousData,
  });
  const products = answer.data?.products ?? [];
  const open = (sku: string) => void navigate(productPath(sku, params));
  const change = (next: Partial<ProductListView>) => setParams(withView(params, next));
  const range = answer.data ? pageRange(answer.data, products.length) : undefined;
  const number = (value: number) => format.number(value);

  return (
    <section className="page analytics-page" aria-labelledby="products-title">
      <header className="page-head">
        <div>
          <h1 id="products-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        <CategoryFilter
          category={view.category}
          suggestions={products.map((p) => p.category)}
          onChange={(category) => change({ category })}
        />
      </header>
      {answer.error && <ErrorNotice error={answer.error} />}
      {!answer.data && !answer.error && <Loading />}
      {range && range.total === 0 && (
        <p className="notice">{view.category ? t('noneInCategory', { category: view.category }) : t('none')}</p>
      )}
      {range && range.total > 0 && products.length === 0 && (
        <div className="notice">
          <p>{t('pastTheEnd')}</p>
          <button type="button" onClick={() => change({ page: 1 })}>
            {t('firstPage')}
          </button>
        </div>
      )}
      {products.length > 0 && (
        <ProductFigure products={products} sort={view.sort} firstPage={view.page === 1} onOpen={open} />
      )}
      {range && products.length > 0 && (
        <section className="panel" aria-labelledby="product-table-title">
          <h2 id="product-table-title">{t('tableTitle', { sort: t(`sorts.${view.sort}`) })}</h2>
          <ProductTable
            products={products}
            sort={view.sort}
            onSort={(sort: ProductSort) => change({ sort })}
            onOpen={open}
            linkTo={(sku) => productPath(sku, params)}
          />
          <p className="muted">{t('amountsNote')}</p>
          <nav className="pager" aria-label={t('pages')}>
            <button type="button" disabled={view.page <= 1} onClick={() => change({ page: view.page - 1 })}>
              {t('previous')}
            </button>
            <span aria-live="polite" data-testid="product-range">
              {t('range', { first: number(range.first), last: number(range.last), total: number(range.total) })}
            </span>
            <button type="button" disabled={view.page >= range.pages} onClick={() => change({ page: view.page + 1 })}>
              {t('next')}
            </button>
          </nav>
        </section>
      )}
    </section>
  );
}
