// Single sign-on on the sign-in screen: a "Sign in with <provider>" button when GET /auth/methods
// offers it (a full-page visit: the provider's pages are not ours to frame), and the way back —
// the CRM redirects here with `?sso=done` and the session cookie set, and the page fetches the
// session's CSRF token (GET /auth/me) before entering the console. A refused sign-in comes back
// as `?sso=failed&code=<code>` and is said in words here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { SignInMethods as Methods } from '@ledger/people/api';
import { api } from '../../api/client';
import { session } from '../../api/session';
import type { Me } from '../../api/types';
import { errorText } from '../../ui/ErrorNotice';

/** Where the provider's redirect lands in the console after a successful sign-in. */
const RETURN_TO = '/signin?sso=done';

export function SsoSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation('signin');
  const location = useLocation();
  const query = new URLSearchParams(location.search);
  const returning = query.get('sso') === 'done';
  const refusal = query.get('sso') === 'failed' ? (query.get('code') ?? '') : null;
  const [sso, setSso] = useState<Methods['sso']>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = error ?? (refusal === null ? null : t(`ssoRefused.${refusal}`, { defaultValue: t('ssoFailed') }));

  useEffect(() => {
    const aborted = new AbortController();
    // Without single sign-on (or while the methods cannot be read) the screen is as before.
    api
      .get<Methods>('/auth/methods', {}, { signal: aborted.signal })
      .then((methods) => setSso(methods.sso))
      .catch(() => undefined);
    return () => aborted.abort();
  }, []);

  useEffect(() => {
    if (!returning) return;
    api
      .get<Me>('/auth/me')
      .then((me) => {
        if (!me.csrfToken) throw new Error(t('ssoFailed'));
        session.signInAsPerson(me.csrfToken);
        onSignedIn();
      })
      .catch((failure: unknown) => setError(`${t('ssoFailed')} ${errorText(failure)}`));
  }, [returning, onSignedIn, t]);

  if (!sso && !shown) return null;
  return (
    <div className="sso">
      {sso && (
        <button
          id="sso-sign-in"
          type="button"
          className="primary"
          onClick={() => window.location.assign(`${sso.startUrl}?returnTo=${encodeURIComponent(RETURN_TO)}`)}
        >
          {t('ssoSubmit', { name: sso.name })}
        </button>
      )}
      {shown && (
        <p id="sso-error" className="field-error" role="alert">
          {shown}
        </p>
      )}
      {sso && <p className="sso-or">{t('ssoOr')}</p>}
    </div>
  );
}
