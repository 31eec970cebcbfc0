// A secret the API shows exactly once (a new API key, a webhook's signing secret): in full,
// with a copy button and a plain warning that it cannot be shown again. The admin dismisses it
// once stored; nothing keeps it after that (not in the cache, not in storage).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandForm } from '../../forms/CommandForm';
import type { FormSpec } from '../../forms/spec';

interface Props {
  /** What the secret is, e.g. "The key for web shop". */
  title: string;
  secret: string;
  onDismiss: () => void;
}

export function OnceSecret({ title, secret, onDismiss }: Props) {
  const { t } = useTranslation('forms');
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () => {
    // The clipboard needs a secure context; elsewhere the admin selects the text by hand.
    if (!navigator.clipboard) return setCopied('no');
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="notice notice-warn once-secret" role="alert" aria-labelledby="once-secret-title">
      <h3 id="once-secret-title">{title}</h3>
      <p>
        <strong>{t('secret.once')}</strong>
      </p>
      <p className="secret-line">
        <code dir="ltr" data-testid="once-secret" tabIndex={0}>
          {secret}
        </code>
        <button type="button" onClick={copy}>
          {t('secret.copy')}
        </button>
      </p>
      <p role="status" className="small">
        {copied === 'yes' ? t('secret.copied') : copied === 'no' ? t('secret.copyByHand') : ''}
      </p>
      <button type="button" className="primary" onClick={onDismiss}>
        {t('secret.stored')}
      </button>
    </div>
  );
}

interface CreateProps<T> {
  spec: FormSpec;
  /** The created thing's secret, and what to call it. */
  secretOf: (created: T) => { title: string; secret: string };
  onCreated: () => void;
}

/**
 * A creation form whose answer carries a secret (an API key, a webhook's signing secret): the
 * secret replaces the form until the admin dismisses it, then the form is back, empty.
 */
export function CreateWithSecret<T>({ spec, secretOf, onCreated }: CreateProps<T>) {
  const [created, setCreated] = useState<T | null>(null);
  if (created !== null) return <OnceSecret {...secretOf(created)} onDismiss={() => setCreated(null)} />;
  return (
    <CommandForm<T>
      spec={spec}
      onDone={(answer) => {
        setCreated(answer);
        onCreated();
      }}
    />
  );
}
