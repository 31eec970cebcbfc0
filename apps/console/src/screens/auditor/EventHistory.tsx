// The customer's event history: filter by type and period (server side) and channel, paged by
// revision, every event with business and record time (late-logged ones marked), who and
// through which channel, and its hash; a button moves the time control to an event; CSV.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client';
import { errorFrom } from '../../api/errors';
import { session } from '../../api/session';
import { formatDateTime } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useChartFormat } from '../dashboard/useChartFormat';
import type { AuditRow, EventsPage } from './audit-types';
import { saveFile } from './save-file';
import { byChannel, eventsCsv, eventsQuery, lateLogged, type EventFilters } from './time-travel';
import { auditPath } from './useAudit';

const PAGE = 25;

export function EventHistory({ customerId, allEvents }: { customerId: string; allEvents: AuditRow[] }) {
  const { t, i18n } = useTranslation('auditor');
  const { format } = useChartFormat();
  const [params, setParams] = useSearchParams();
  const [starts, setStarts] = useState<number[]>([0]);
  const filters: EventFilters = {
    type: params.get('type') ?? undefined,
    channel: params.get('channel') ?? undefined,
    from: params.get('period.from') ?? undefined,
    to: params.get('period.to') ?? undefined,
  };
  const fromRevision = starts[starts.length - 1];
  const page = useQuery({
    queryKey: ['audit-events', customerId, filters.type, filters.from, filters.to, fromRevision],
    queryFn: ({ signal }) =>
      api.get<EventsPage>(`${auditPath(customerId)}/events`, eventsQuery(filters, fromRevision, PAGE), { signal }),
    placeholderData: keepPreviousData,
  });
  const types = useMemo(() => [...new Set(allEvents.map((e) => e.type))].sort(), [allEvents]);
  const channels = useMemo(() => [...new Set(allEvents.map((e) => e.channel))].sort(), [allEvents]);
  const late = useMemo(() => new Set(lateLogged(allEvents).map((e) => e.eventId)), [allEvents]);
  const rows = byChannel(page.data?.events ?? [], filters.channel);
  const when = (instant: string) => formatDateTime(instant, i18n.language);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setStarts([0]);
  };
  const travelTo = (instant: string) => {
    const next = new URLSearchParams(params);
    next.set('at', instant);
    setParams(next, { replace: true });
    document.getElementById('travel-title')?.scrollIntoView({ block: 'start' });
  };
  const downloadCsv = async () => {
    if (filters.channel) {
      // The API filters by type and period; the channel is narrowed here, on what was loaded.
      const matching = byChannel(allEvents, filters.channel).filter((e) => !filters.type || e.type === filters.type);
      return saveFile(`customer-${customerId}-events.csv`, eventsCsv(matching), 'text/csv');
    }
    const query = { ...eventsQuery(filters, 0, 1000), format: 'csv', limit: undefined, fromRevision: undefined };
    const apiKey = session.apiKey();
    const response = await fetch(withQuery(`${auditPath(customerId)}/events`, query), {
      // A key goes in its header; a signed-in person's session is the same-origin cookie.
      headers: apiKey ? { 'x-api-key': apiKey } : {},
      credentials: apiKey ? 'omit' : 'same-origin',
    });
    if (!response.ok) throw await errorFrom(response);
    saveFile(`customer-${customerId}-events.csv`, await response.blob(), 'text/csv');
  };

  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">{t('events.title')}</h2>
      <div className="filters">
        <label>
          {t('events.type')}
          <select value={filters.type ?? ''} onChange={(e) => setFilter('type', e.target.value)}>
            <option value="">{t('events.all')}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('events.channel')}
          <select value={filters.channel ?? ''} onChange={(e) => setFilter('channel', e.target.value)}>
            <option value="">{t('events.all')}</option>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {channel}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('events.from')}
          <input type="date" value={filters.from ?? ''} onChange={(e) => setFilter('period.from', e.target.value)} />
        </label>
        <label>
          {t('events.to')}
          <input type="date" value={filters.to ?? ''} onChange={(e) => setFilter('period.to', e.target.value)} />
        </label>
        <button type="button" onClick={() => void downloadCsv()}>
          {t('events.csv')}
        </button>
      </div>
      {page.error && <ErrorNotice error={page.error} />}
      <div className="table-scroll">
        <table className="data-table" data-testid="event-history">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('events.type')}</th>
              <th scope="col">{t('events.occurredAt')}</th>
              <th scope="col">{t('events.recordedAt')}</th>
              <th scope="col">{t('events.actor')}</th>
              <th scope="col">{t('events.channel')}</th>
              <th scope="col">{t('events.hash')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('events.travel')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.eventId}>
                <td>{format.number(e.revision)}</td>
                <td>{e.type}</td>
                <td title={e.occurredAt}>{when(e.occurredAt)}</td>
                <td title={e.recordedAt}>
                  {when(e.recordedAt)} {late.has(e.eventId) && <span className="badge">{t('events.late')}</span>}
                </td>
                <td>{e.actor}</td>
                <td>{e.channel}</td>
                <td className="mono" title={e.hash ?? ''}>
                  {e.hash?.slice(0, 10) ?? '–'}
                </td>
                <td>
                  <button type="button" className="link" onClick={() => travelTo(e.occurredAt)}>
                    {t('events.travel')}
                    <span className="visually-hidden">
                      {' '}
                      {t('events.travelTo', { revision: format.number(e.revision) })}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && page.data && <p className="muted">{t('events.none')}</p>}
      <nav className="pager" aria-label={t('events.pages')}>
        <button type="button" disabled={starts.length <= 1} onClick={() => setStarts(starts.slice(0, -1))}>
          {t('events.previous')}
        </button>
        <button
          type="button"
          disabled={page.data?.nextRevision == null}
          onClick={() => page.data?.nextRevision != null && setStarts([...starts, page.data.nextRevision])}
        >
          {t('events.next')}
        </button>
      </nav>
    </section>
  );
}
