// A command with no fields to fill, only a decision (merge these two, undo that merge): a button
// that asks first, naming what will happen, then sends once (one Idempotency-Key per opening, a
// ref against a double click) and shows the API's message if it refuses.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, type CommandResult } from '../api/client';
import { ApiError } from '../api/errors';
import { errorText } from '../ui/ErrorNotice';

interface Props {
  /** The button that opens the question. */
  label: string;
  /** The question, naming both customers. */
  question: string;
  confirm: string;
  path: string;
  body: Record<string, unknown>;
  onDone: (result: CommandResult) => void;
}

export function ConfirmedCommand({ label, question, confirm, path, body, onDone }: Props) {
  const { t } = useTranslation('forms');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const inFlight = useRef(false);
  // The opening button is gone once the question shows: the keyboard lands on the answer.
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);

  const send = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.command(path, body, { idempotencyKey: key.current });
      setAsking(false);
      onDone(result);
    } catch (error) {
      // A refusal (merged elsewhere already, not merged here): the API's own words.
      const refused = error instanceof ApiError && [400, 404, 409, 422].includes(error.status);
      setFailure(refused ? error.message : errorText(error));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  if (!asking) {
    return (
      <button
        type="button"
        onClick={() => {
          key.current = newIdempotencyKey();
          setFailure(null);
          setAsking(true);
        }}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm-command" role="group" aria-label={label}>
      <p>{question}</p>
      <div className="form-actions">
        <button ref={confirmButton} type="button" className="primary" disabled={busy} onClick={() => void send()}>
          {busy ? t('form.saving') : confirm}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t('form.cancel')}
        </button>
        {failure && (
          <p className="form-feedback notice-error" role="alert">
            {failure}
          </p>
        )}
      </div>
    </div>
  );
}
