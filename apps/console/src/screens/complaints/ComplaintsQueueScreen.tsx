// Complaints queue: every open complaint across customers, the most urgent SLA first. Filters,
// sort and page live in the URL (a view can be shared by link); assign or escalate in place.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type CommandResult } from '../../api/client';
import type { QueuePage } from '../../api/types';
import { formatDateTime, formatNumber } from '../../format/format';
import { CommandForm } from '../../forms/CommandForm';
import { ASSIGN_FORM, ESCALATE_FORM } from '../../forms/specs';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { SlaCountdown, useNow } from '../../ui/SlaCountdown';
import { QueueFilters } from './QueueFilters';

const PAGE = 50;

export default function ComplaintsQueueScreen() {
  const { t, i18n } = useTranslation(['complaints', 'forms']);
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const now = useNow();
  const [acting, setActing] = useState<{ caseId: string; form: 'assign' | 'escalate' } | null>(null);
  // After an assignment or escalation, read the queue at (or after) what was written.
  const [minPosition, setMinPosition] = useState<number | undefined>(undefined);
  const offset = Number(params.get('offset') ?? 0) || 0;
  const query = {
    severity: params.get('severity') ?? undefined,
    category: params.get('category') ?? undefined,
    channel: params.get('channel') ?? undefined,
    assignee: params.get('assignee') ?? undefined,
    status: 'open',
    sort: 'dueAt',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    limit: PAGE,
    offset,
    minPosition,
  };
  const queue = useQuery({
    queryKey: ['complaints-queue', query],
    queryFn: ({ signal }) => api.get<QueuePage>('/complaints', query, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next, { replace: true });
  };
  const done = (result: CommandResult) => {
    setActing(null);
    setMinPosition(result.position);
    void client.invalidateQueries({ queryKey: ['customer', result.streamId.replace(/^customer-/, '')] });
  };

  const page = queue.data;
  return (
    <section className="page" aria-labelledby="queue-title">
      <h1 id="queue-title">{t('title')}</h1>
      <QueueFilters params={params} onChange={update} />
      {queue.error && <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />}
      {!page && !queue.error && <Loading />}
      {page && (
        <>
          <p className="muted" aria-live="polite">
            {t('count', { count: page.total, n: formatNumber(page.total, i18n.language) })}
          </p>
          <div className="table-scroll">
            <table className="queue-table">
              <thead>
                <tr>
                  <th scope="col">
                    <button
                      type="button"
                      className="ghost sort"
                      onClick={() => update({ order: query.order === 'asc' ? 'desc' : 'asc' })}
                    >
                      {t('columns.due')} {query.order === 'asc' ? '↑' : '↓'}
                      <span className="visually-hidden">{t(query.order === 'asc' ? 'sortedAsc' : 'sortedDesc')}</span>
                    </button>
                  </th>
                  <th scope="col">{t('columns.customer')}</th>
                  <th scope="col">{t('columns.complaint')}</th>
                  <th scope="col">{t('columns.severity')}</th>
                  <th scope="col">{t('columns.channel')}</th>
                  <th scope="col">{t('columns.assignee')}</th>
                  <th scope="col">{t('columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      {t('empty')}
                    </td>
                  </tr>
                )}
                {page.items.map((item) => (
                  <Fragment key={`${item.customerId}/${item.caseId}`}>
                    <tr className={`queue-row sla-edge-${item.sla}`}>
                      <td>
                        <SlaCountdown dueAt={item.dueAt} now={now} />
                      </td>
                      <td>
                        <Link to={`/customer/${encodeURIComponent(item.customerId)}`} dir="auto">
                          {item.customerName ?? item.customerId}
                        </Link>
                      </td>
                      <td>
                        <strong dir="auto">{item.category}</strong>
                        {item.description && (
                          <p className="small complaint-text" dir="auto">
                            {item.description}
                          </p>
                        )}
                        <p className="small muted">
                          <span dir="ltr">{item.caseId}</span> · {formatDateTime(item.openedAt, i18n.language)}
                          {item.escalated &&
                            ` · ${t('escalated', { level: formatNumber(item.escalationLevel ?? 1, i18n.language) })}`}
                        </p>
                      </td>
                      <td>{t(`severities.${item.severity}`)}</td>
                      <td>{t(`channels.${item.channel}`)}</td>
                      <td>
                        {item.assigneeId ? (
                          <span dir="ltr">{item.assigneeId}</span>
                        ) : (
                          <span className="muted">{t('unassigned')}</span>
                        )}
                      </td>
                      <td>
                        <div className="form-actions">
                          {(['assign', 'escalate'] as const).map((form) => (
                            <button
                              key={form}
                              type="button"
                              aria-pressed={acting?.caseId === item.caseId && acting.form === form}
                              aria-label={`${t(`forms:forms.${form}.open`)} ${item.caseId}`}
                              onClick={() =>
                                setActing(
                                  acting?.caseId === item.caseId && acting.form === form
                                    ? null
                                    : { caseId: item.caseId, form },
                                )
                              }
                            >
                              {t(`forms:forms.${form}.open`)}
                            </button>
                          ))}
                        </div>
                      </td>
                    </tr>
                    {acting?.caseId === item.caseId && (
                      <tr>
                        <td colSpan={7}>
                          <CommandForm
                            key={acting.form}
                            spec={acting.form === 'assign' ? ASSIGN_FORM : ESCALATE_FORM}
                            customerId={item.customerId}
                            context={{ caseId: item.caseId }}
                            onDone={done}
                            onCancel={() => setActing(null)}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('pages')}>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => update({ offset: String(Math.max(0, offset - PAGE)) })}
            >
              {t('previous')}
            </button>
            <span>
              {t('range', {
                from: formatNumber(page.total === 0 ? 0 : offset + 1, i18n.language),
                to: formatNumber(offset + page.items.length, i18n.language),
                total: formatNumber(page.total, i18n.language),
              })}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= page.total}
              onClick={() => update({ offset: String(offset + PAGE) })}
            >
              {t('next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
