// Sign in with an API key (the keys of CRM_API_KEYS). The key is checked with GET /auth/me
// before it is kept, so a mistyped key is refused here, not on the first screen.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { session } from '../../api/session';
import type { Me } from '../../api/types';
import { errorText } from '../../ui/ErrorNotice';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

export function SignInScreen() {
  const { t } = useTranslation('signin');
  const navigate = useNavigate();
  const location = useLocation();
  const refusedBefore = (location.state as { refused?: boolean } | null)?.refused === true;
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(refusedBefore ? t('refused') : null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError(t('required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.get<Me>('/auth/me', {}, { apiKey: key });
      session.signIn(key);
      await navigate('/', { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiError && failure.unauthenticated ? t('refused') : errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <div className="signin-top">
          <h1>{t('shell.brand')}</h1>
          <LanguageSwitch />
        </div>
        <p>{t('intro')}</p>
        {/* submit catches its own failures and shows them; React ignores the promise. */}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor="api-key">{t('apiKey')}</label>
            <input
              id="api-key"
              name="apiKey"
              type="password"
              autoComplete="current-password"
              value={apiKey}
              onChange={(event) => setApiKey(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'api-key-error' : undefined}
              autoFocus
            />
            {error && (
              <p id="api-key-error" className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('checking') : t('submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
