// One customer's value over time: monthly revenue, cumulative and predicted lifetime value,
// with the lifecycle-stage transitions marked; the transitions listed with their causes.
// Reached as /lifecycle/<customer id>, or pick a customer by id on /lifecycle.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import type { CustomerView } from '../../api/types';
import { formatDateTime } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import { AsOfPicker, useAsOf } from '../dashboard/AsOfPicker';
import { ChartFigure } from '../dashboard/ChartFigure';
import { CustomerPicker } from '../dashboard/CustomerPicker';
import { EChart } from '../dashboard/EChart';
import { useChartFormat } from '../dashboard/useChartFormat';
import { intervalText } from '../customer/value-forecast';
import { fittedMonths, lifecycleMonths, lifecycleOption, type LifecycleAnswer } from './lifecycle-chart';

export default function LifecycleScreen() {
  const { t } = useTranslation('lifecycle');
  const { customerId } = useParams();
  return (
    <section className="page analytics-page" aria-labelledby="lifecycle-title">
      <header className="page-head">
        <div>
          <h1 id="lifecycle-title">{customerId ? t('titleFor', { customerId }) : t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        <AsOfPicker />
      </header>
      <CustomerPicker
        key={customerId}
        initial={customerId}
        label={t('customerId')}
        to={(id) => `/lifecycle/${encodeURIComponent(id)}`}
      />
      {customerId && <CustomerLifecycle customerId={customerId} />}
    </section>
  );
}

function CustomerLifecycle({ customerId }: { customerId: string }) {
  const { t } = useTranslation('lifecycle');
  const { format, rtl, language } = useChartFormat();
  const asOf = useAsOf();
  const path = `/customers/${encodeURIComponent(customerId)}`;
  const lifecycle = useQuery({
    queryKey: ['lifecycle', customerId, asOf],
    queryFn: ({ signal }) => api.get<LifecycleAnswer>(`${path}/lifecycle`, { asOf }, { signal }),
  });
  // The 360 names the customer's currency (the lifecycle counts amounts as recorded).
  const view = useQuery({
    queryKey: ['customer', customerId],
    queryFn: ({ signal }) => api.get<CustomerView>(path, {}, { signal }),
  });
  const currency = view.data?.currency ?? null;
  const stage = (s: string) => t(`stages.${s}`);
  const title = t('question');
  const option = useMemo(
    () =>
      lifecycle.data
        ? lifecycleOption(
            lifecycle.data,
            currency,
            {
              title,
              rtl,
              revenue: t('revenue'),
              cumulative: t('cumulative'),
              predicted: t('predicted'),
              fitted: t('fitted'),
              noModel: t('noModel'),
              stage,
            },
            format,
          )
        : null,
    // Memo keys: t follows the language, as format does
    [lifecycle.data, currency, title, rtl, format],
  );
  if (lifecycle.error) return <ErrorNotice error={lifecycle.error} />;
  const fittedCell = (value: Parameters<typeof intervalText>[0] | null | undefined, shown: boolean) =>
    !shown ? '' : value ? intervalText(value, (v) => format.money(v, currency)) : '–';
  if (!lifecycle.data || !option) return <Loading />;
  const data = lifecycle.data;
  const money = (v: number) => format.money(v, currency);
  const fitted = fittedMonths(data);
  const forecast = data.fittedValue?.forecast;
  return (
    <>
      <section className="panel" aria-label={t('summary')}>
        <dl className="state-list">
          <dt>{t('stage')}</dt>
          <dd data-testid="lifecycle-stage">{data.stage ? stage(data.stage) : '–'}</dd>
          <dt>{t('cumulative')}</dt>
          <dd>{money(data.cumulativeValue)}</dd>
          <dt>{t('predicted')}</dt>
          <dd>{money(data.predictedLifetimeValue)}</dd>
          <dt>{t('fitted')}</dt>
          <dd data-testid="lifecycle-fitted">
            {forecast
              ? intervalText(forecast.lifetimeValue, money)
              : data.fittedValue?.model
                ? t('noPurchase')
                : t('noModel')}
          </dd>
        </dl>
        <p>
          <Link to={`/customer/${encodeURIComponent(customerId)}`}>{t('open360')}</Link>
        </p>
      </section>
      <ChartFigure
        title={title}
        chart={<EChart option={option} height={380} testId="chart-lifecycle" />}
        table={
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('month')}</th>
                <th scope="col" className="num">
                  {t('revenue')}
                </th>
                <th scope="col" className="num">
                  {t('cumulative')}
                </th>
                <th scope="col" className="num">
                  {t('predicted')}
                </th>
                <th scope="col" className="num">
                  {t('fittedWithInterval')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lifecycleMonths(data).map((m) => (
                <tr key={m.month}>
                  <th scope="row">{format.month(m.month)}</th>
                  <td className="num">{money(m.revenue)}</td>
                  <td className="num">{money(m.cumulativeValue)}</td>
                  <td className="num">{money(m.predictedLifetimeValue)}</td>
                  <td className="num">{fittedCell(fitted.get(m.month)?.lifetimeValue, fitted.has(m.month))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <section className="panel" aria-labelledby="transitions-title">
        <h2 id="transitions-title">{t('transitions')}</h2>
        <ol className="transition-list">
          {data.transitions.map((transition) => (
            <li key={`${transition.stage}-${transition.at}`}>
              <strong>{stage(transition.stage)}</strong> — {formatDateTime(transition.at, language)}{' '}
              <span className="muted small">{causeText(transition.cause, t, language)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** Why the stage changed, in words: the event that caused it, or the inactivity since a date. */
function causeText(cause: Record<string, unknown>, t: TFunction<'lifecycle'>, language: string) {
  if (typeof cause.inactivitySince === 'string') {
    return t('cause.inactivity', { since: formatDateTime(cause.inactivitySince, language) });
  }
  if (typeof cause.type === 'string') return t(`cause.${cause.type}`);
  if (typeof cause.stageEnded === 'string') return t('cause.stageEnded', { stage: t(`stages.${cause.stageEnded}`) });
  return '';
}
