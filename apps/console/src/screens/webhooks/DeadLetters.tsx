// Deliveries that failed every attempt, newest first, each with its last error; once the
// receiver is fixed the admin queues one again (same delivery id, so the receiver can tell).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client';
import { formatDateTime } from '../../format/format';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import type { DeadLetter } from './webhook-types';

export const DEAD_LETTERS = ['admin-dead-letters'];

export function DeadLetters({ onRedelivered }: { onRedelivered: () => void }) {
  const { t, i18n } = useTranslation(['webhooks', 'forms']);
  const client = useQueryClient();
  const letters = useQuery({
    queryKey: DEAD_LETTERS,
    queryFn: ({ signal }) => api.get<{ deadLetters: DeadLetter[] }>('/admin/webhooks/dead-letters', {}, { signal }),
  });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) =>
      api.command(
        `/admin/webhooks/dead-letters/${encodeURIComponent(deliveryId)}/redeliver`,
        {},
        { idempotencyKey: newIdempotencyKey() },
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: DEAD_LETTERS });
      onRedelivered();
    },
  });
  return (
    <section className="panel" aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">{t('dead.title')}</h2>
      <p className="muted">{t('dead.explain')}</p>
      {letters.error && <ErrorNotice error={letters.error} onRetry={() => void letters.refetch()} />}
      {redeliver.error && <ErrorNotice error={redeliver.error} />}
      {!letters.data && !letters.error && <Loading />}
      {letters.data && letters.data.deadLetters.length === 0 && <p className="muted">{t('dead.none')}</p>}
      {letters.data && letters.data.deadLetters.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="dead-letters">
            <thead>
              <tr>
                <th scope="col">{t('dead.at')}</th>
                <th scope="col">{t('dead.event')}</th>
                <th scope="col">{t('dead.url')}</th>
                <th scope="col" className="num">
                  {t('dead.attempts')}
                </th>
                <th scope="col">{t('dead.lastError')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {letters.data.deadLetters.map((letter) => (
                <tr key={letter.deliveryId}>
                  <td>{formatDateTime(letter.deadAt, i18n.language)}</td>
                  <td>
                    {t(`forms:derivedEvents.${letter.type}`)} <span className="mono small muted">{letter.eventId}</span>
                  </td>
                  <td className="mono">{letter.url || t('dead.removed')}</td>
                  <td className="num">{letter.attempts}</td>
                  <td className="mono small">{letter.lastError ?? '–'}</td>
                  <td>
                    {letter.url && (
                      <button
                        type="button"
                        disabled={redeliver.isPending}
                        onClick={() => redeliver.mutate(letter.deliveryId)}
                      >
                        {t('dead.redeliver')}
                        <span className="visually-hidden"> {letter.eventId}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
