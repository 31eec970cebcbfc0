// The auditor's view of one customer, replayed from the event store: the hash-chain badge, the
// time control ("as of" beside "as known at"), the changes between two instants, provenance
// of any field, the event history (filtered, paged, CSV) and the subject-access export.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import { CustomerPicker } from '../dashboard/CustomerPicker';
import { useChartFormat } from '../dashboard/useChartFormat';
import type { VerifyAnswer } from './audit-types';
import { EventHistory } from './EventHistory';
import { Provenance } from './Provenance';
import { TimeTravel } from './TimeTravel';
import { auditPath, useHistory } from './useAudit';
import { saveFile } from './save-file';

export default function AuditorScreen() {
  const { t } = useTranslation('auditor');
  const { customerId } = useParams();
  return (
    <section className="page analytics-page" aria-labelledby="auditor-title">
      <header className="page-head">
        <div>
          <h1 id="auditor-title">{customerId ? t('titleFor', { customerId }) : t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      <CustomerPicker
        key={customerId}
        initial={customerId}
        label={t('customerId')}
        to={(id) => `/history/${encodeURIComponent(id)}`}
      />
      {customerId && <CustomerAudit customerId={customerId} />}
    </section>
  );
}

function CustomerAudit({ customerId }: { customerId: string }) {
  const { t } = useTranslation('auditor');
  const { format } = useChartFormat();
  const history = useHistory(customerId);
  const verify = useQuery({
    queryKey: ['audit-verify', customerId],
    queryFn: ({ signal }) => api.get<VerifyAnswer>(`${auditPath(customerId)}/verify`, {}, { signal }),
  });
  const [exporting, setExporting] = useState(false);
  const exportAll = async () => {
    setExporting(true);
    try {
      const document = await api.get<unknown>(`/customers/${encodeURIComponent(customerId)}/export`);
      saveFile(`subject-access-${customerId}.json`, JSON.stringify(document, null, 2), 'application/json');
    } finally {
      setExporting(false);
    }
  };
  if (history.error) return <ErrorNotice error={history.error} />;
  if (!history.data) return <Loading />;
  return (
    <>
      <section className="panel chain" aria-labelledby="chain-title">
        <h2 id="chain-title" className="visually-hidden">
          {t('chain.title')}
        </h2>
        {verify.error && <ErrorNotice error={verify.error} />}
        {verify.data && (
          <p data-testid="chain-badge" className={verify.data.intact ? 'chain-ok' : 'chain-broken'} role="status">
            {verify.data.intact
              ? t('chain.intact', { count: verify.data.verified, formatted: format.number(verify.data.verified) })
              : t('chain.broken', { link: JSON.stringify(verify.data.firstBrokenLink) })}
          </p>
        )}
        <button type="button" onClick={() => void exportAll()} disabled={exporting}>
          {exporting ? t('exporting') : t('export')}
        </button>
      </section>
      <TimeTravel customerId={customerId} events={history.data.events} />
      <Provenance customerId={customerId} />
      <EventHistory customerId={customerId} allEvents={history.data.events} />
    </>
  );
}
