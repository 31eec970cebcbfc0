// One command form: fields from its spec, checked before sending, one Idempotency-Key per
// submission (kept for a retry of the same values, so a double click or a resend writes once),
// If-Match with the revision on screen, the API's field messages shown on their fields, and
// "this customer changed meanwhile" on a 409 (the page reloads; the values stay to re-apply).
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, type CommandResult } from '../api/client';
import { ApiError } from '../api/errors';
import { errorText } from '../ui/ErrorNotice';
import { FormField } from './FormField';
import { initialValues, type FormSpec, type Values } from './spec';
import { validate, type Problem } from './validate';

export interface CommandFormProps<R = CommandResult> {
  spec: FormSpec;
  /** The customer the form is about; admin forms (spec.url) have none. */
  customerId?: string;
  /** Values to start from (the current roles of a person), instead of the spec's. */
  initial?: Values;
  /** Stream revision the agent is looking at; sent as If-Match. */
  revision?: number;
  context?: Record<string, string>;
  onDone: (result: R) => void;
  onConflict?: () => void;
  onCancel?: () => void;
  /** Compact single-row layout (the timeline composer). */
  inline?: boolean;
  /** Per field, values to pick from while typing (see FormField). */
  suggestions?: Record<string, { value: string; label: string }[]>;
}

type Feedback = { kind: 'error' | 'conflict' | 'done'; text: string } | null;

export function CommandForm<R = CommandResult>({
  spec,
  customerId,
  initial,
  revision,
  context = {},
  onDone,
  onConflict,
  onCancel,
  inline,
  suggestions,
}: CommandFormProps<R>) {
  const { t } = useTranslation('forms');
  const [values, setValues] = useState<Values>(() => initialValues(spec, initial));
  const [problems, setProblems] = useState<Record<string, Problem | string>>({});
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  // A ref, not state: two clicks in one frame both see it before React re-renders.
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const idPrefix = `${spec.id}-${context.caseId ?? context.userId ?? 'new'}`;

  const change = (name: string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setProblems((current) => ({ ...current, [name]: '' }));
    // Other values are another submission: a new key, so the API does not see a reused one.
    idempotencyKey.current = newIdempotencyKey();
  };

  const focusFirstInvalid = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const found = validate(spec, values);
    setProblems(found);
    setFeedback(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      const path = spec.url
        ? spec.url(context, values)
        : `/customers/${encodeURIComponent(customerId ?? '')}/${spec.path?.(context) ?? ''}`;
      const result = await api.command<R>(path, spec.body(values), {
        idempotencyKey: idempotencyKey.current,
        ifMatch: revision,
        method: spec.method,
      });
      idempotencyKey.current = newIdempotencyKey();
      setValues(initialValues(spec, initial));
      setFeedback({ kind: 'done', text: t('form.saved') });
      onDone(result);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'EXPECTED_VERSION_MISMATCH') {
        setFeedback({ kind: 'conflict', text: t('form.conflict') });
        onConflict?.();
      } else if (
        failure instanceof ApiError &&
        ([400, 409, 422].includes(failure.status) || (failure.status === 404 && failure.field))
      ) {
        // Refused as given (a bad field, an unknown order, one recorded twice): the API's words on the field.
        const byField: Record<string, string> = {};
        for (const field of spec.fields) {
          const message = failure.problemFor(field.apiField ?? field.name);
          if (message) byField[field.name] = message;
        }
        setProblems(byField);
        setFeedback({ kind: 'error', text: Object.keys(byField).length > 0 ? t('form.fixFields') : failure.message });
        focusFirstInvalid();
      } else {
        setFeedback({ kind: 'error', text: errorText(failure) });
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const message = (problem: Problem | string | undefined): string | undefined => {
    if (!problem) return undefined;
    return typeof problem === 'string' ? problem : t(problem.key, problem.values ?? {});
  };

  // submit catches its own failures and shows them on the form; React ignores the promise.
  return (
    <form
      ref={formRef}
      className={inline ? 'command-form inline' : 'command-form'}
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={t(`forms.${spec.id}.title`)}
    >
      <div className="form-row">
        {spec.fields.map((field) => (
          <FormField
            key={field.name}
            id={`${idPrefix}-${field.name}`}
            field={field}
            label={t(`forms.${spec.id}.${field.name}`)}
            value={values[field.name] ?? ''}
            error={message(problems[field.name])}
            onChange={(value) => change(field.name, value)}
            suggestions={suggestions?.[field.name]}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} aria-disabled={busy}>
          {busy ? t('form.saving') : t(`forms.${spec.id}.submit`)}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        )}
        {feedback && (
          <p
            className={`form-feedback ${feedback.kind === 'done' ? 'notice-ok' : feedback.kind === 'conflict' ? 'notice-warn' : 'notice-error'}`}
            role={feedback.kind === 'done' ? 'status' : 'alert'}
          >
            {feedback.text}
          </p>
        )}
      </div>
    </form>
  );
}
