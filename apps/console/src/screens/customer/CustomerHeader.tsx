// Who this is at a glance: name, person or organisation, key account, lifecycle stage, and
// (for roles that may read the audit trail) churn risk and value tier with the "why".
import { useTranslation } from 'react-i18next';
import type { CustomerView, LifecycleAnswer } from '../../api/types';
import { formatNumber } from '../../format/format';
import type { SegmentWhy } from './useCustomer';

interface Props {
  view: CustomerView;
  lifecycle?: LifecycleAnswer;
  why?: SegmentWhy;
}

export function CustomerHeader({ view, lifecycle, why }: Props) {
  const { t, i18n } = useTranslation('customer');
  const score = why?.score ?? null;
  const stage = score?.lifecycleStage ?? lifecycle?.stage ?? null;
  return (
    <header className="customer-header panel">
      <div>
        <h1 dir="auto">{view.profile.name ?? t('erasedName')}</h1>
        <p className="muted">
          <span dir="ltr">{view.customerId}</span> · {t(`kind.${view.kind}`)}
        </p>
      </div>
      <ul className="badges" aria-label={t('header.badges')}>
        {view.keyAccount && <li className="badge badge-key">{t('header.keyAccount')}</li>}
        {view.erased && <li className="badge sla-breached">{t('header.erased')}</li>}
        {stage && (
          <li className="badge">{t('header.stage', { stage: t(`stages.${stage}`, { defaultValue: stage }) })}</li>
        )}
        {score && (
          <li className={`badge churn-${score.churnRisk}`}>
            {t('header.churn', { risk: t(`risk.${score.churnRisk}`, { defaultValue: score.churnRisk }) })}
          </li>
        )}
        {score && (
          <li className="badge">
            {t('header.tier', { tier: t(`tiers.${score.valueTier}`, { defaultValue: score.valueTier }) })}
          </li>
        )}
      </ul>
      {score && (
        <details className="why">
          <summary>{t('header.why')}</summary>
          <dl className="facts">
            <dt>{t('why.recency')}</dt>
            <dd>
              {score.recencyDays === null
                ? '—'
                : t('why.days', { count: score.recencyDays, n: formatNumber(score.recencyDays, i18n.language) })}
            </dd>
            <dt>{t('why.frequency')}</dt>
            <dd>{formatNumber(score.frequency, i18n.language)}</dd>
            <dt>{t('why.monetary')}</dt>
            <dd>{formatNumber(score.monetary, i18n.language, 2)}</dd>
            <dt>{t('why.churnScore')}</dt>
            <dd>{formatNumber(score.churnScore, i18n.language, 2)}</dd>
            <dt>{t('why.segment')}</dt>
            <dd>
              {score.rfmSegment} {score.rfm && <span dir="ltr">(RFM {score.rfm})</span>}
            </dd>
          </dl>
          {why?.populationSize !== undefined && (
            <p className="muted small">{t('why.population', { n: formatNumber(why.populationSize, i18n.language) })}</p>
          )}
        </details>
      )}
    </header>
  );
}
