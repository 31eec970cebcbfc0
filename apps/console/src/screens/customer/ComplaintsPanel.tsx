// The wide-awake column: open complaints with their live SLA clock (escalate or resolve in
// place) and the offers the customer has not taken up yet.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../api/client';
import type { CustomerView } from '../../api/types';
import { formatDate, formatDateTime, formatNumber } from '../../format/format';
import { SlaCountdown, useNow } from '../../ui/SlaCountdown';
import { CommandForm } from '../../forms/CommandForm';
import { ESCALATE_FORM, RESOLVE_FORM } from '../../forms/specs';

interface Props {
  view: CustomerView;
  revision?: number;
  canWrite: boolean;
  onDone: (result: CommandResult) => void;
  onConflict: () => void;
}

export function ComplaintsPanel({ view, revision, canWrite, onDone, onConflict }: Props) {
  const { t, i18n } = useTranslation(['customer', 'forms']);
  const now = useNow();
  const [acting, setActing] = useState<{ caseId: string; form: 'escalate' | 'resolve' } | null>(null);

  return (
    <aside className="column-side" aria-label={t('complaints.title')}>
      <section className="panel" aria-labelledby="complaints-title">
        <h2 id="complaints-title">
          {t('complaints.title')}{' '}
          <span className="badge">{formatNumber(view.openComplaints.length, i18n.language)}</span>
        </h2>
        {view.openComplaints.length === 0 && <p className="muted">{t('complaints.none')}</p>}
        <ul className="plain-list">
          {view.openComplaints.map((complaint) => (
            <li key={complaint.caseId} className={`complaint sla-edge-${complaint.slaStatus}`}>
              <div className="complaint-top">
                <strong dir="auto">{complaint.category}</strong>
                <span className="badge">{t(`severities.${complaint.severity}`)}</span>
                {complaint.escalationLevel > 0 && (
                  <span className="badge">
                    {t('complaints.escalated', { level: formatNumber(complaint.escalationLevel, i18n.language) })}
                  </span>
                )}
              </div>
              <p dir="auto" className="complaint-text">
                {complaint.description}
              </p>
              <p className="small muted">
                <span dir="ltr">{complaint.caseId}</span> · {t(`channels.${complaint.channel}`)} ·{' '}
                {formatDateTime(complaint.openedAt, i18n.language)}
              </p>
              <SlaCountdown dueAt={complaint.slaDueAt} now={now} />
              {canWrite && !view.erased && (
                <div className="form-actions complaint-actions">
                  <button type="button" onClick={() => setActing({ caseId: complaint.caseId, form: 'escalate' })}>
                    {t('forms:forms.escalate.open')}
                  </button>
                  <button type="button" onClick={() => setActing({ caseId: complaint.caseId, form: 'resolve' })}>
                    {t('forms:forms.resolve.open')}
                  </button>
                </div>
              )}
              {acting?.caseId === complaint.caseId && (
                <CommandForm
                  key={acting.form}
                  spec={acting.form === 'escalate' ? ESCALATE_FORM : RESOLVE_FORM}
                  customerId={view.customerId}
                  revision={revision}
                  context={{ caseId: complaint.caseId }}
                  onDone={(result) => {
                    setActing(null);
                    onDone(result);
                  }}
                  onConflict={onConflict}
                  onCancel={() => setActing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="offers-title">
        <h2 id="offers-title">{t('offers.title')}</h2>
        {view.pendingOffers.length === 0 && <p className="muted">{t('offers.none')}</p>}
        <ul className="plain-list">
          {view.pendingOffers.map((offer) => (
            <li key={offer.offerId}>
              <strong dir="auto">{offer.description}</strong>{' '}
              <span className="muted small" dir="ltr">
                {offer.sku}
              </span>
              <p className="small muted">
                {t('offers.validUntil', { date: formatDate(offer.validUntil, i18n.language) })}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
