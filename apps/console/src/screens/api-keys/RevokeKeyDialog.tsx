// Revoking a key stops every system that uses it from the next request, and cannot be undone:
// the admin types the key's name to confirm, as the erasure asks for the customer id.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { revokeConfirmed, type ApiKeyRecord } from './api-key-types';

interface Props {
  apiKey: ApiKeyRecord;
  onRevoked: () => void;
  onClose: () => void;
}

export function RevokeKeyDialog({ apiKey, onRevoked, onClose }: Props) {
  const { t } = useTranslation('apiKeys');
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [idempotencyKey] = useState(newIdempotencyKey);
  const revoke = useMutation({
    mutationFn: () => api.command(`/admin/api-keys/${encodeURIComponent(apiKey.keyId)}/revoke`, {}, { idempotencyKey }),
    onSuccess: () => {
      onRevoked();
      onClose();
    },
  });
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const ready = revokeConfirmed(apiKey.name, typed);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !revoke.isPending) revoke.mutate();
  };
  return (
    <dialog ref={dialog} aria-labelledby="revoke-title" onClose={onClose}>
      <h2 id="revoke-title">{t('revoke.title', { name: apiKey.name })}</h2>
      <p>{t('revoke.explain')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="revoke-confirm">{t('revoke.typeToConfirm', { name: apiKey.name })}</label>
          <input
            id="revoke-confirm"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {revoke.error && <ErrorNotice error={revoke.error} />}
        <div className="form-actions">
          <button type="submit" className="danger" disabled={!ready || revoke.isPending}>
            {t('revoke.confirm')}
          </button>
          <button type="button" className="ghost" onClick={() => dialog.current?.close()}>
            {t('revoke.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
