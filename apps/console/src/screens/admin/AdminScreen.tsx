// The admin's operations page: every read model's position in the event log, its lag and any
// rebuild's progress, polled live (fast while a rebuild runs); a rebuild behind a confirmation;
// and the right-to-be-forgotten erasure behind a typed confirmation of the customer id.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import { useChartFormat } from '../dashboard/useChartFormat';
import { Erasure } from './Erasure';
import { pollInterval, readModelRows, type ProjectionsAnswer, type RebuildProgress } from './read-models';

export default function AdminScreen() {
  const { t } = useTranslation('admin');
  const { format } = useChartFormat();
  const client = useQueryClient();
  const status = useQuery({
    queryKey: ['admin-projections'],
    queryFn: ({ signal }) => api.get<ProjectionsAnswer>('/admin/projections', {}, { signal }),
    refetchInterval: (query) => pollInterval(query.state.data ? readModelRows(query.state.data) : []),
    staleTime: 0,
  });
  const [confirming, setConfirming] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const rebuild = useMutation({
    // A rebuild is not a customer command, but it is a POST like one; a second request while one
    // runs answers the running one, so the idempotency key only guards a double click.
    mutationFn: (name: string) =>
      api.command(
        `/admin/projections/${encodeURIComponent(name)}/rebuild`,
        {},
        { idempotencyKey: newIdempotencyKey() },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['admin-projections'] }),
  });
  const ask = (name: string) => {
    setConfirming(name);
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
    setConfirming(null);
  };
  const rows = status.data ? readModelRows(status.data) : [];
  const progressText = (p: RebuildProgress) =>
    t(`rebuild.${p.state}`, {
      percent: format.percent(p.percent / 100),
      processed: format.number(p.processedUpTo),
      target: format.number(p.target),
    });

  return (
    <section className="page analytics-page" aria-labelledby="admin-title">
      <header className="page-head">
        <div>
          <h1 id="admin-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="models-title">
        <h2 id="models-title">{t('models.title')}</h2>
        {status.error && <ErrorNotice error={status.error} />}
        {!status.data && !status.error && <Loading />}
        {status.data && (
          <>
            <p className="muted" aria-live="polite">
              {t('models.head', { head: format.number(status.data.eventLogHead) })}
            </p>
            <div className="table-scroll">
              <table className="data-table" data-testid="read-models">
                <thead>
                  <tr>
                    <th scope="col">{t('models.name')}</th>
                    <th scope="col" className="num">
                      {t('models.version')}
                    </th>
                    <th scope="col" className="num">
                      {t('models.position')}
                    </th>
                    <th scope="col" className="num">
                      {t('models.lag')}
                    </th>
                    <th scope="col">{t('models.caughtUp')}</th>
                    <th scope="col">{t('models.status')}</th>
                    <th scope="col">{t('models.rebuild')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('models.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.name} data-testid={`read-model-${row.name}`}>
                      <th scope="row" className="mono">
                        {row.name}
                      </th>
                      <td className="num">{format.number(row.version)}</td>
                      <td className="num">{row.position === null ? '–' : format.number(row.position)}</td>
                      <td className="num">{row.lag === null ? '–' : format.number(row.lag)}</td>
                      <td>
                        <progress
                          max={100}
                          value={row.caughtUp}
                          aria-label={t('models.caughtUpOf', { name: row.name })}
                          aria-valuetext={format.percent(row.caughtUp / 100)}
                        />
                      </td>
                      <td data-testid={`status-${row.name}`}>
                        {row.health ? (
                          <>
                            <span className={row.health.status === 'running' ? 'chain-ok' : 'chain-broken'}>
                              {t(`status.${row.health.status}`)}
                            </span>
                            {row.health.failedPosition !== null && (
                              <span className="small">
                                {' '}
                                {t('status.at', { position: format.number(row.health.failedPosition) })}
                              </span>
                            )}
                            {row.health.retry && (
                              <span className="small">
                                {' '}
                                {t('status.retry', { attempt: format.number(row.health.retry.attempt) })}
                              </span>
                            )}
                            {row.health.error && <span className="field-error mono"> {row.health.error}</span>}
                          </>
                        ) : (
                          <span className="muted">–</span>
                        )}
                      </td>
                      <td data-testid={`rebuild-${row.name}`}>
                        {row.rebuild ? (
                          <>
                            {row.rebuild.state === 'running' && (
                              <progress
                                max={100}
                                value={row.rebuild.percent}
                                aria-label={t('rebuild.progressOf', { name: row.name })}
                              />
                            )}{' '}
                            {progressText(row.rebuild)}
                            {row.rebuild.error && <span className="field-error"> {row.rebuild.error}</span>}
                          </>
                        ) : (
                          <span className="muted">{t('rebuild.never')}</span>
                        )}
                      </td>
                      <td>
                        <button type="button" onClick={() => ask(row.name)} disabled={row.rebuild?.state === 'running'}>
                          {t('rebuild.button')}
                          <span className="visually-hidden"> {row.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rebuild.error && <ErrorNotice error={rebuild.error} />}
          </>
        )}
      </section>
      <dialog ref={dialog} aria-labelledby="rebuild-dialog-title" onClose={() => setConfirming(null)}>
        <h2 id="rebuild-dialog-title">{t('rebuild.confirmTitle', { name: confirming ?? '' })}</h2>
        <p>{t('rebuild.confirmBody')}</p>
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              if (confirming) rebuild.mutate(confirming);
              close();
            }}
          >
            {t('rebuild.confirm')}
          </button>
          <button type="button" className="ghost" onClick={close}>
            {t('cancel')}
          </button>
        </div>
      </dialog>
      <Erasure />
    </section>
  );
}
