// The frame around every screen: who is signed in, the navigation the role may use, the
// language switch, sign-out, and the Ctrl/⌘+K command menu for finding a customer anywhere.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import { api } from '../api/client';
import { ApiError } from '../api/errors';
import { session } from '../api/session';
import type { Me } from '../api/types';
import { forgetRecentCustomers } from '../screens/search/recent';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { Loading } from '../ui/Loading';
import { MeContext } from './permissions';
import { mayUse, preloadScreens, SCREENS } from './routes';

const CommandMenu = lazy(() => import('../screens/search/CommandMenu'));

export function Shell() {
  const signedIn = useSyncExternalStore(session.subscribe, session.current);
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);
  const me = useQuery({
    queryKey: ['auth/me', signedIn],
    queryFn: ({ signal }) => api.get<Me>('/auth/me', {}, { signal }),
    enabled: signedIn !== null,
    staleTime: Infinity,
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setMenuOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const permissions = me.data?.permissions;
  useEffect(() => {
    if (!permissions) return;
    // After the first screen has painted: fetch the others the role may open.
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
    idle(() => preloadScreens(permissions));
  }, [permissions]);

  if (signedIn === null) return <Navigate to="/signin" replace />;
  if (me.error instanceof ApiError && me.error.unauthenticated) {
    return <Navigate to="/signin" replace state={{ refused: true }} />;
  }
  if (me.error) return <ErrorNotice error={me.error} />;
  if (!me.data) return <Loading />;

  const signOut = () => {
    // A person's session ends on the server too; the tab forgets either way.
    const ended = session.isPerson()
      ? api.post<{ endSessionUrl?: string } | undefined>('/auth/sign-out').catch(() => undefined)
      : Promise.resolve(undefined);
    // Nothing read under this key or session stays in the tab.
    queryClient.clear();
    forgetRecentCustomers();
    session.signOut();
    // react-router reports a failed navigation through its error boundary, not this promise.
    void navigate('/signin', { replace: true });
    // From single sign-on: the browser signs out at the provider too, which sends it back to /signin.
    void ended.then((answer) => {
      if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
    });
  };
  const nav = SCREENS.filter((screen) => screen.navLabel && mayUse(me.data.permissions, screen));
  const canSearch = me.data.permissions.includes('read:customer');

  return (
    <MeContext.Provider value={me.data}>
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <span className="brand">{t('shell.brand')}</span>
        <nav aria-label={t('shell.navigation')}>
          <ul className="nav-list">
            {nav.map((screen) => (
              <li key={screen.path}>
                <NavLink to={`/${screen.path}`}>{t(screen.navLabel as string)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="shell-tools">
          {canSearch && (
            <button
              type="button"
              className="ghost"
              onClick={() => setMenuOpen(true)}
              aria-keyshortcuts="Control+K Meta+K"
            >
              {t('shell.search')} <kbd>Ctrl K</kbd>
            </button>
          )}
          <LanguageSwitch />
          <span className="role-badge" title={me.data.actor}>
            {t(`roles.${me.data.role}`)}
          </span>
          <button type="button" className="ghost" onClick={signOut}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      {menuOpen && canSearch && (
        <Suspense fallback={null}>
          <CommandMenu onClose={() => setMenuOpen(false)} />
        </Suspense>
      )}
    </MeContext.Provider>
  );
}
