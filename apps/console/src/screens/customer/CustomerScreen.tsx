// Customer 360: header; profile, consent and totals; the timeline with the contact composer on
// top; open complaints (live SLA clocks) and pending offers; the forms to record what happens.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useCan, useMe } from '../../app/permissions';
import { ErrorNotice, Forbidden } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { rememberCustomer } from '../search/recent';
import { ComplaintsPanel } from './ComplaintsPanel';
import { CustomerHeader } from './CustomerHeader';
import { ForecastPanel } from './ForecastPanel';
import { CommandForm } from '../../forms/CommandForm';
import { CONTACT_FORM } from '../../forms/specs';
import { MaintainPanel } from './MaintainPanel';
import { MergedBanner, MergedCustomersPanel } from './MergedCustomers';
import { ProfilePanel } from './ProfilePanel';
import { RecordPanel } from './RecordPanel';
import { Timeline } from './Timeline';
import { TIMELINE_FILTERS, useCustomer } from './useCustomer';

export default function CustomerScreen() {
  const { customerId = '' } = useParams();
  const { t } = useTranslation(['customer', 'forms']);
  const me = useMe();
  const canWrite = useCan('write');
  const arrivedAt = Number(useSearchParams()[0].get('minPosition')) || undefined;
  const {
    view,
    lifecycle,
    signals,
    why,
    wantWhy,
    timelineFilter,
    setTimelineFilter,
    timeline,
    revision,
    wrote,
    elsewhere,
    reload,
  } = useCustomer(customerId, useCan('read:audit'), arrivedAt);

  const name = view.data?.profile.name ?? null;
  useEffect(() => {
    if (view.data) {
      rememberCustomer({ customerId, name });
      document.title = `${name ?? customerId} · Ledger CRM`;
    }
  }, [customerId, name, view.data]);

  if (view.error instanceof ApiError && view.error.forbidden)
    return <Forbidden role={me.role} detail={view.error.message} />;
  if (view.error) return <ErrorNotice error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <Loading />;
  const customer = view.data;
  const writable = canWrite && !customer.erased;

  return (
    <div className="customer-page">
      {customer.mergedInto && (
        <MergedBanner customerId={customerId} to={customer.mergedInto} onDone={canWrite ? elsewhere : undefined} />
      )}
      <CustomerHeader
        view={customer}
        lifecycle={lifecycle.data}
        signals={signals.data}
        why={why.data}
        onWhy={wantWhy}
      />
      <div className="customer-columns">
        <ProfilePanel view={customer}>
          {writable && <MaintainPanel view={customer} revision={revision} onDone={wrote} onConflict={reload} />}
          <MergedCustomersPanel
            customerId={customerId}
            merged={customer.mergedCustomerIds ?? []}
            onDone={writable ? wrote : undefined}
          />
        </ProfilePanel>
        <section className="column-wide" aria-labelledby="timeline-title">
          <ForecastPanel customerId={customerId} currency={customer.currency} />
          <div className="panel">
            <h2 id="timeline-title">{t('timeline.title')}</h2>
            {writable && revision !== undefined && (
              <div className="composer">
                <h3>{t('forms:forms.contact.title')}</h3>
                <CommandForm
                  spec={CONTACT_FORM}
                  customerId={customerId}
                  revision={revision}
                  onDone={wrote}
                  onConflict={reload}
                  inline
                />
              </div>
            )}
            <div className="timeline-filter">
              <label htmlFor="timeline-filter">{t('timeline.show')}</label>
              <select
                id="timeline-filter"
                value={timelineFilter}
                onChange={(event) => setTimelineFilter(event.target.value)}
              >
                {Object.keys(TIMELINE_FILTERS).map((name) => (
                  <option key={name} value={name}>
                    {t(`timeline.filters.${name}`)}
                  </option>
                ))}
              </select>
            </div>
            <Timeline timeline={timeline} />
          </div>
          {writable && <RecordPanel customerId={customerId} revision={revision} onDone={wrote} onConflict={reload} />}
        </section>
        <ComplaintsPanel view={customer} revision={revision} canWrite={writable} onDone={wrote} onConflict={reload} />
      </div>
    </div>
  );
}
