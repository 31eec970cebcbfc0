// One product: its figures, the return rate (and how it is computed), feedback averages with
// their counts; a SKU nobody bought, returned or rated is said plainly (the API's 404), not
// shown as an error. The way back keeps the list's sort, category and page.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { NONE, orNone, returnRate } from './product-figures';
import { listPath } from './product-list';
import type { ProductSummary } from '@ledger/queries/api';
import { useProductFormat } from './useProductFormat';

export function ProductDetail({ sku }: { sku: string }) {
  const { t } = useTranslation('products');
  const [params] = useSearchParams();
  const product = useQuery({
    queryKey: ['product', sku],
    queryFn: ({ signal }) => api.get<ProductSummary>(`/products/${encodeURIComponent(sku)}`, {}, { signal }),
  });
  // A SKU of dots (`.`, `..`) cannot travel in a path: the address resolves to the list instead,
  // whose answer is no product of that SKU. Said as for a SKU nobody bought, not drawn.
  const shown = product.data?.sku === sku ? product.data : undefined;
  const unknown = (product.error instanceof ApiError && product.error.status === 404) || (product.data && !shown);
  return (
    <section className="page analytics-page product-detail" aria-labelledby="product-title">
      <p>
        <Link to={listPath(params)}>{t('back')}</Link>
      </p>
      <header className="page-head">
        <div>
          <h1 id="product-title">
            <bdi>{sku}</bdi>
          </h1>
          {shown?.description && <p className="muted">{shown.description}</p>}
        </div>
      </header>
      {unknown && (
        <p className="notice" data-testid="product-unknown">
          {t('notFound', { sku })}
        </p>
      )}
      {product.error && !unknown && <ErrorNotice error={product.error} />}
      {!product.data && !product.error && <Loading />}
      {shown && <ProductFigures product={shown} />}
    </section>
  );
}

function ProductFigures({ product }: { product: ProductSummary }) {
  const { t } = useTranslation('products');
  const { format, amount, date, rated } = useProductFormat();
  const rate = returnRate(product);
  const { purchases, returns, feedback } = product;
  return (
    <div className="split">
      <section className="panel" aria-labelledby="product-figures-title">
        <h2 id="product-figures-title">{t('figures')}</h2>
        <dl className="state-list" data-testid="product-figures">
          <div>
            <dt>{t('columns.category')}</dt>
            <dd>{product.category ?? NONE}</dd>
          </div>
          <div>
            <dt>{t('columns.revenue')}</dt>
            <dd>{amount(purchases.revenue)}</dd>
          </div>
          <div>
            <dt>{t('columns.quantity')}</dt>
            <dd>{format.number(purchases.quantity)}</dd>
          </div>
          <div>
            <dt>{t('columns.orders')}</dt>
            <dd>{format.number(purchases.orders)}</dd>
          </div>
          <div>
            <dt>{t('columns.returns')}</dt>
            <dd>{format.number(returns.count)}</dd>
          </div>
          <div>
            <dt>{t('returnRate')}</dt>
            <dd>
              {orNone(rate, format.percent)}
              <span className="muted">
                {t('returnRateHow', {
                  returns: format.number(returns.count),
                  orders: format.number(purchases.orders),
                })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('columns.returnedAmount')}</dt>
            <dd>
              {amount(returns.amount)}
              <span className="muted">{t('returnedAmountHow')}</span>
            </dd>
          </div>
          <div>
            <dt>{t('columns.firstSoldAt')}</dt>
            <dd>{date(product.firstSoldAt)}</dd>
          </div>
          <div>
            <dt>{t('columns.lastSoldAt')}</dt>
            <dd>{date(product.lastSoldAt)}</dd>
          </div>
        </dl>
        <p className="muted">{t('amountsNote')}</p>
      </section>
      <section className="panel" aria-labelledby="product-feedback-title">
        <h2 id="product-feedback-title">{t('feedback')}</h2>
        <dl className="state-list" data-testid="product-feedback">
          <div>
            <dt>{t('columns.csat')}</dt>
            <dd>
              {rated(feedback.averageCsat, feedback.csatCount)}
              <span className="muted">{t('csatHow')}</span>
            </dd>
          </div>
          <div>
            <dt>{t('columns.nps')}</dt>
            <dd>
              {rated(feedback.averageNpsScore, feedback.npsCount)}
              <span className="muted">{t('npsHow')}</span>
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
