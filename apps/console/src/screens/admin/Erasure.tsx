// The right to be forgotten: POST /customers/:id/erasure destroys the customer's data key
// (crypto-shredding). Irreversible, so the admin types the customer id to confirm, and gives
// the reason that goes into the log.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, type CommandResult } from '../../api/client';
import { ApiError } from '../../api/errors';
import { latinDigits } from '../../format/digits';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { erasureConfirmed } from './read-models';

export function Erasure() {
  const { t } = useTranslation('admin');
  const [customerId, setCustomerId] = useState('');
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const id = latinDigits(customerId).trim();
  const erase = useMutation({
    mutationFn: () =>
      api.command(`/customers/${encodeURIComponent(id)}/erasure`, { reason: reason.trim() }, { idempotencyKey: key }),
    onSuccess: () => setKey(newIdempotencyKey()),
  });
  const ready = erasureConfirmed(id, latinDigits(typed).trim()) && reason.trim().length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !erase.isPending) erase.mutate();
  };
  const problem = (field: string) => (erase.error instanceof ApiError ? erase.error.problemFor(field) : undefined);
  const done: CommandResult | undefined = erase.data;
  return (
    <section className="panel" aria-labelledby="erasure-title">
      <h2 id="erasure-title">{t('erasure.title')}</h2>
      <p className="muted">{t('erasure.explain')}</p>
      <form onSubmit={submit} className="filters" noValidate>
        <label>
          {t('erasure.customerId')}
          <input
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          {t('erasure.reason')}
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={problem('reason') ? true : undefined}
            aria-describedby={problem('reason') ? 'erasure-reason-error' : undefined}
          />
          {problem('reason') && (
            <span id="erasure-reason-error" className="field-error">
              {problem('reason')}
            </span>
          )}
        </label>
        <label>
          {t('erasure.typeToConfirm', { customerId: id || '…' })}
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="erasure-confirm"
          />
        </label>
        <button type="submit" className="danger" disabled={!ready || erase.isPending}>
          {t('erasure.button')}
        </button>
      </form>
      {erase.error && !problem('reason') && <ErrorNotice error={erase.error} />}
      {done && (
        <p className="notice notice-ok" role="status">
          {t('erasure.done', { customerId: done.streamId.replace(/^customer-/, '') })}
        </p>
      )}
    </section>
  );
}
