// The fitted forecast on the 360: will this customer buy again, how much, and what are they worth,
// each with its 80 % interval, from the model in force now. Before the first fit it says so.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { formatDate, formatMoney, formatNumber } from '../../format/format';
import { intervalText, type ValueAnswer } from './value-forecast';

const HORIZONS = [13, 26, 52] as const;

export function ForecastPanel({ customerId, currency }: { customerId: string; currency: string | null }) {
  const { t, i18n } = useTranslation('customer');
  const language = i18n.language;
  const [horizonWeeks, setHorizonWeeks] = useState<number>(52);
  const value = useQuery({
    queryKey: ['customer-value', customerId, horizonWeeks],
    queryFn: ({ signal }) =>
      api.get<ValueAnswer>(`/customers/${encodeURIComponent(customerId)}/value`, { horizonWeeks }, { signal }),
    // The figures of the previous horizon stay while the next ones load.
    placeholderData: (previous) => previous,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const percent = (p: number) => formatNumber(p * 100, language) + '%';
  const count = (n: number) => formatNumber(n, language, 1);
  const money = (amount: number) => formatMoney(amount, currency, language);

  let body;
  if (value.error) {
    body = <p className="muted">{t('forecast.unavailable', { reason: value.error.message })}</p>;
  } else if (!value.data) {
    body = <p className="muted">{t('forecast.loading')}</p>;
  } else if (!value.data.model) {
    body = <p className="muted">{t('forecast.noModel')}</p>;
  } else if (!value.data.forecast) {
    body = <p className="muted">{t('forecast.noPurchase')}</p>;
  } else {
    const f = value.data.forecast;
    const rows: [string, string][] = [
      ['alive', intervalText(f.probabilityAlive, percent)],
      // The model's churn answer: on CDNOW it predicts a silent half-year far better than the churn score.
      ['noPurchaseIn', intervalText(f.probabilityNoPurchase, percent)],
      ['purchases', intervalText(f.expectedPurchases, count)],
      ['spend', intervalText(f.expectedSpend, money)],
      ['lifetime', intervalText(f.lifetimeValue, money)],
    ];
    body = (
      <>
        <dl className="facts" data-testid="forecast-figures">
          {rows.map(([name, text]) => (
            <div key={name} className="fact">
              <dt>{t(`forecast.${name}`, { weeks: formatNumber(horizonWeeks, language) })}</dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
        <p className="small muted">
          {t('forecast.explained', {
            years: formatNumber(f.lifetimeWeeks / 52, language),
            rate: percent(f.annualDiscountRate),
            date: formatDate(value.data.model.asOf, language),
          })}
        </p>
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="forecast-title">
      <h2 id="forecast-title">{t('forecast.title')}</h2>
      {/* The horizon matters once there are figures; before the first fit the panel stays one line. */}
      {value.data?.model && (
        <label className="small">
          {t('forecast.horizon')}{' '}
          <select value={horizonWeeks} onChange={(event) => setHorizonWeeks(Number(event.target.value))}>
            {HORIZONS.map((weeks) => (
              <option key={weeks} value={weeks}>
                {t('forecast.weeks', { count: weeks, n: formatNumber(weeks, language) })}
              </option>
            ))}
          </select>
        </label>
      )}
      {body}
    </section>
  );
}
