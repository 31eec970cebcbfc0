// API failures in the users' words: a refused key, a role that may not, a missing customer,
// an unreachable server. Never a blank page.
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';
import { ApiError } from '../api/errors';
import type { RoleName } from '../api/types';
import { i18next } from '../i18n';

export function Forbidden({ role, detail }: { role: RoleName; detail?: string }) {
  const { t } = useTranslation();
  return (
    <section className="notice notice-error" role="alert" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('errors.forbiddenTitle')}</h1>
      <p>{t('errors.forbiddenBody', { role: t(`roles.${role}`) })}</p>
      {detail && <p className="muted">{detail}</p>}
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  );
}

/** The error in the current language (the common namespace's words). */
export function errorText(error: unknown): string {
  const t = i18next.getFixedT(null, 'common');
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  if (error.status === 0) return t('errors.network');
  if (error.status === 401) return t('errors.unauthenticated');
  if (error.status === 403) return t('errors.forbiddenShort', { detail: error.message });
  if (error.status === 404) return t('errors.notFound', { detail: error.message });
  if (error.status === 409) return t('errors.conflict');
  if (error.status === 503) return t('errors.unavailable');
  if (error.status >= 500) return t('errors.server');
  return error.message;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  // Subscribes to language changes; errorText reads the same instance.
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(error)}</p>
      {error instanceof ApiError && error.unauthenticated && (
        <p>
          <Link to="/signin">{t('errors.signInAgain')}</Link>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}

/** The router's error element: a chunk that failed to load, a render that threw. */
export function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="page">
      <ErrorNotice error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
