// Sign in as a person (email and password: a server-side session in an HTTP-only cookie) or,
// for channels and development, with an API key (checked with GET /auth/me before it is kept,
// so a mistyped key is refused here, not on the first screen).
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { session } from '../../api/session';
import type { Me } from '../../api/types';
import { errorText } from '../../ui/ErrorNotice';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import { SsoSignIn } from './SsoSignIn';

/** One sign-in attempt at a time: busy while it runs, a failure shown in the words given for it. */
function useAttempt(initialError: string | null = null) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const attempt = async (work: () => Promise<void>, failureText: (failure: unknown) => string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, attempt };
}

interface SecretFieldProps {
  id: string;
  name: string;
  label: string;
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  /** The form's message, shown under this field and tied to it. */
  error: string | null;
  errorId: string;
}

/** A password or key input with the form's message under it. */
function SecretField({ id, name, label, autoComplete, value, onChange, error, errorId }: SecretFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PersonForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, setError, busy, attempt } = useAttempt();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t('personRequired'));
      return;
    }
    await attempt(
      async () => {
        const signedIn = await api.post<{ csrfToken: string }>('/auth/sign-in', { email: email.trim(), password });
        session.signInAsPerson(signedIn.csrfToken);
        onSignedIn();
      },
      (failure) => {
        const locked = failure instanceof ApiError && failure.status === 429;
        const refused = failure instanceof ApiError && (failure.unauthenticated || failure.status === 400);
        return locked ? t('locked') : refused ? t('personRefused') : errorText(failure);
      },
    );
  };

  return (
    // submit catches its own failures and shows them; React ignores the promise.
    <form id="person-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor="email">{t('email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={error ? true : undefined}
          autoFocus
        />
      </div>
      <SecretField
        id="password"
        name="password"
        label={t('password')}
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={error}
        errorId="person-error"
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('checking') : t('submit')}
      </button>
    </form>
  );
}

function KeyForm({ onSignedIn, refusedBefore }: { onSignedIn: () => void; refusedBefore: boolean }) {
  const { t } = useTranslation('signin');
  const [apiKey, setApiKey] = useState('');
  const { error, setError, busy, attempt } = useAttempt(refusedBefore ? t('refused') : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError(t('required'));
      return;
    }
    await attempt(
      async () => {
        await api.get<Me>('/auth/me', {}, { apiKey: key });
        session.signIn(key);
        onSignedIn();
      },
      (failure) => (failure instanceof ApiError && failure.unauthenticated ? t('refused') : errorText(failure)),
    );
  };

  return (
    <form id="key-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="key-title">
      <h2 id="key-title">{t('keyTitle')}</h2>
      <p>{t('keyIntro')}</p>
      <SecretField
        id="api-key"
        name="apiKey"
        label={t('apiKey')}
        autoComplete="off"
        value={apiKey}
        onChange={setApiKey}
        error={error}
        errorId="api-key-error"
      />
      <button type="submit" disabled={busy}>
        {busy ? t('checking') : t('submitKey')}
      </button>
    </form>
  );
}

export function SignInScreen() {
  const { t } = useTranslation('signin');
  const navigate = useNavigate();
  const location = useLocation();
  const refusedBefore = (location.state as { refused?: boolean } | null)?.refused === true;
  // Stable: the single sign-on return runs its check once, not on every render.
  const done = useCallback(() => void navigate('/', { replace: true }), [navigate]);

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <div className="signin-top">
          <h1>{t('shell.brand')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('intro')}</p>
        <SsoSignIn onSignedIn={done} />
        <PersonForm onSignedIn={done} />
        <KeyForm onSignedIn={done} refusedBefore={refusedBefore} />
      </div>
    </main>
  );
}
