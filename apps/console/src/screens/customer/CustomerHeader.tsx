// Who this is at a glance: name, person or organisation, key account, lifecycle stage, churn
// risk, value tier (for roles that read the audit trail), and the "why" behind the labels.
import { useTranslation } from 'react-i18next';
import type { CustomerSignals, CustomerView, LifecycleAnswer } from '../../api/types';
import { formatMoney, formatNumber } from '../../format/format';
import type { SegmentWhy } from './useCustomer';

interface Props {
  view: CustomerView;
  lifecycle?: LifecycleAnswer;
  signals?: CustomerSignals;
  why?: SegmentWhy;
  /** Asked when the agent opens the "why": the RFM segment and value tier are fetched then. */
  onWhy?: () => void;
}

export function CustomerHeader({ view, lifecycle, signals, why, onWhy }: Props) {
  const { t, i18n } = useTranslation('customer');
  const language = i18n.language;
  const score = why?.score ?? null;
  const stage = signals?.lifecycleStage ?? lifecycle?.stage ?? null;
  const risk = signals?.churnRisk ?? score?.churnRisk ?? null;
  const number = (value: number, digits = 0) => formatNumber(value, language, digits);
  return (
    <header className="customer-header panel">
      <div>
        <h1 dir="auto">{view.profile.name ?? t('erasedName')}</h1>
        <p className="muted">
          <span dir="ltr">{view.customerId}</span> · {t(`kind.${view.kind}`)}
        </p>
      </div>
      <ul className="badges" aria-label={t('header.badges')}>
        <li className="badge">{t(`kind.${view.kind}`)}</li>
        {view.keyAccount && <li className="badge badge-key">{t('header.keyAccount')}</li>}
        {view.erased && <li className="badge sla-breached">{t('header.erased')}</li>}
        {stage && (
          <li className="badge">{t('header.stage', { stage: t(`stages.${stage}`, { defaultValue: stage }) })}</li>
        )}
        {risk && (
          <li className={`badge churn-${risk}`}>
            {t('header.churn', { risk: t(`risk.${risk}`, { defaultValue: risk }) })}
          </li>
        )}
        {score && (
          <li className="badge">
            {t('header.tier', { tier: t(`tiers.${score.valueTier}`, { defaultValue: score.valueTier }) })}
          </li>
        )}
      </ul>
      {signals && (
        <details className="why" onToggle={(event) => event.currentTarget.open && onWhy?.()}>
          <summary>{t('header.why')}</summary>
          <dl className="facts">
            <dt>{t('why.recency')}</dt>
            <dd>
              {signals.why.recencyDays === null
                ? '—'
                : t('why.days', { count: signals.why.recencyDays, n: number(signals.why.recencyDays) })}
            </dd>
            <dt>{t('why.frequency')}</dt>
            <dd>{number(signals.why.frequency)}</dd>
            <dt>{t('why.monetary')}</dt>
            <dd>{formatMoney(signals.why.monetary, view.currency, language)}</dd>
            <dt>{t('why.churnScore')}</dt>
            <dd>
              {t('why.churnScale', {
                score: number(signals.churnScore, 3),
                medium: number(signals.why.churnModel.medium, 2),
                high: number(signals.why.churnModel.high, 2),
              })}
            </dd>
            {lifecycle && (
              <>
                <dt>{t('why.predicted')}</dt>
                <dd>{formatMoney(lifecycle.predictedLifetimeValue, view.currency, language)}</dd>
              </>
            )}
            {score && (
              <>
                <dt>{t('why.segment')}</dt>
                <dd>
                  {t(`segments.${score.rfmSegment}`, { defaultValue: score.rfmSegment })}{' '}
                  {score.rfm && <span dir="ltr">(RFM {score.rfm})</span>}
                </dd>
              </>
            )}
          </dl>
          <p className="muted small">{t('why.explained')}</p>
          {why && 'populationSize' in why && (
            <p className="muted small">{t('why.population', { n: number(why.populationSize) })}</p>
          )}
        </details>
      )}
    </header>
  );
}
