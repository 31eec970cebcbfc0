// Webhooks for other systems: which URLs receive which derived events (a customer entering or
// leaving a segment or lifecycle stage), how many deliveries are pending, delivered or dead,
// subscribing a URL (its signing secret shown once) and removing one after a confirmation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime, formatNumber } from '../../format/format';
import { WEBHOOK_FORM } from '../../forms/admin-specs';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { CreateWithSecret } from '../api-keys/OnceSecret';
import '../dashboard/analytics.css';
import '../people/admin.css';
import { DeadLetters } from './DeadLetters';
import type { CreatedSubscription, WebhooksAnswer } from './webhook-types';

const QUERY = ['admin-webhooks'];

export default function WebhooksScreen() {
  const { t, i18n } = useTranslation(['webhooks', 'forms']);
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const hooks = useQuery({
    queryKey: QUERY,
    queryFn: ({ signal }) => api.get<WebhooksAnswer>('/admin/webhooks', {}, { signal }),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: QUERY });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/admin/webhooks/${encodeURIComponent(id)}`),
    onSuccess: () => {
      setConfirming(null);
      refresh();
    },
  });
  const counts = hooks.data?.deliveries;

  return (
    <section className="page" aria-labelledby="webhooks-title">
      <header className="page-head">
        <div>
          <h1 id="webhooks-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="subscriptions-title">
        <h2 id="subscriptions-title">{t('list.title')}</h2>
        {hooks.error && <ErrorNotice error={hooks.error} onRetry={() => void hooks.refetch()} />}
        {remove.error && <ErrorNotice error={remove.error} />}
        {!hooks.data && !hooks.error && <Loading />}
        {counts && (
          <p className="muted" data-testid="delivery-counts">
            {t('list.deliveries', {
              pending: formatNumber(counts.pending, i18n.language),
              delivered: formatNumber(counts.delivered, i18n.language),
              dead: formatNumber(counts.dead, i18n.language),
            })}
          </p>
        )}
        {hooks.data && hooks.data.subscriptions.length === 0 && <p className="muted">{t('list.empty')}</p>}
        {hooks.data && hooks.data.subscriptions.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="subscriptions">
              <thead>
                <tr>
                  <th scope="col">{t('list.url')}</th>
                  <th scope="col">{t('list.events')}</th>
                  <th scope="col">{t('list.created')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('list.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hooks.data.subscriptions.map((hook) => (
                  <tr key={hook.id}>
                    <th scope="row" className="mono">
                      {hook.url}
                    </th>
                    <td>{hook.eventTypes.map((type) => t(`forms:derivedEvents.${type}`)).join(t('list.separator'))}</td>
                    <td>{formatDateTime(hook.createdAt, i18n.language)}</td>
                    <td>
                      {confirming === hook.id ? (
                        <span className="form-actions" role="group" aria-label={t('list.confirmRemove')}>
                          <span>{t('list.confirmRemove')}</span>
                          <button
                            type="button"
                            className="danger"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(hook.id)}
                          >
                            {t('list.remove')}
                          </button>
                          <button type="button" className="ghost" onClick={() => setConfirming(null)}>
                            {t('list.keep')}
                          </button>
                        </span>
                      ) : (
                        <button type="button" onClick={() => setConfirming(hook.id)}>
                          {t('list.remove')}
                          <span className="visually-hidden"> {hook.url}</span>
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
      <section className="panel" aria-labelledby="subscribe-title">
        <h2 id="subscribe-title">{t('create.title')}</h2>
        <p className="muted">{t('create.explain')}</p>
        <CreateWithSecret<CreatedSubscription>
          spec={WEBHOOK_FORM}
          secretOf={(hook) => ({ title: t('create.secretTitle', { url: hook.url }), secret: hook.secret })}
          onCreated={refresh}
        />
      </section>
      <DeadLetters onRedelivered={refresh} />
    </section>
  );
}
