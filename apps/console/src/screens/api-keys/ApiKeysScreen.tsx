// API keys for machines (a web shop, an integration): which exist, with their role, the
// channels they may write as, when they were made and last used, and whether they are revoked.
// A new key is shown once with a copy button; revoking asks for the key's name to be typed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../format/format';
import { API_KEY_FORM } from '../../forms/admin-specs';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import '../people/admin.css';
import type { ApiKeyRecord, CreatedApiKey } from './api-key-types';
import { CreateWithSecret } from './OnceSecret';
import { RevokeKeyDialog } from './RevokeKeyDialog';

const QUERY = ['admin-api-keys'];

export default function ApiKeysScreen() {
  const { t, i18n } = useTranslation('apiKeys');
  const client = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKeyRecord | null>(null);
  const keys = useQuery({
    queryKey: QUERY,
    queryFn: ({ signal }) => api.get<{ items: ApiKeyRecord[] }>('/admin/api-keys', {}, { signal }),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: QUERY });
  const when = (instant: string | null) => (instant ? formatDateTime(instant, i18n.language) : '–');

  return (
    <section className="page" aria-labelledby="keys-title">
      <header className="page-head">
        <div>
          <h1 id="keys-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="new-key-title">
        <h2 id="new-key-title">{t('create.title')}</h2>
        <p className="muted">{t('create.explain')}</p>
        <CreateWithSecret<CreatedApiKey>
          spec={API_KEY_FORM}
          secretOf={(key) => ({ title: t('secret.title', { name: key.name }), secret: key.key })}
          onCreated={refresh}
        />
      </section>
      <section className="panel" aria-labelledby="keys-list-title">
        <h2 id="keys-list-title">{t('list.title')}</h2>
        {keys.error && <ErrorNotice error={keys.error} onRetry={() => void keys.refetch()} />}
        {!keys.data && !keys.error && <Loading />}
        {keys.data && keys.data.items.length === 0 && <p className="muted">{t('list.empty')}</p>}
        {keys.data && keys.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="api-keys">
              <thead>
                <tr>
                  <th scope="col">{t('list.name')}</th>
                  <th scope="col">{t('list.role')}</th>
                  <th scope="col">{t('list.channels')}</th>
                  <th scope="col">{t('list.created')}</th>
                  <th scope="col">{t('list.lastUsed')}</th>
                  <th scope="col">{t('list.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('list.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((key) => (
                  <tr key={key.keyId} data-testid={`api-key-${key.name}`}>
                    <th scope="row">
                      {key.name} <span className="mono small muted">{key.keyId}</span>
                    </th>
                    <td>{t(`roles.${key.role}`)}</td>
                    <td>
                      {key.channels
                        ? key.channels.map((channel) => t(`channels.${channel}`)).join(t('list.separator'))
                        : t('list.anyChannel')}
                    </td>
                    <td>{when(key.createdAt)}</td>
                    <td>{key.lastUsedAt ? when(key.lastUsedAt) : t('list.neverUsed')}</td>
                    <td>
                      {key.revokedAt ? (
                        <span className="chain-broken">{t('list.revokedAt', { at: when(key.revokedAt) })}</span>
                      ) : (
                        <span className="chain-ok">{t('list.live')}</span>
                      )}
                    </td>
                    <td>
                      {!key.revokedAt && (
                        <button type="button" className="danger" onClick={() => setRevoking(key)}>
                          {t('list.revoke')}
                          <span className="visually-hidden"> {key.name}</span>
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
      {revoking && <RevokeKeyDialog apiKey={revoking} onRevoked={refresh} onClose={() => setRevoking(null)} />}
    </section>
  );
}
