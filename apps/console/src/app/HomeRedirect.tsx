// `/` opens the first screen of the navigation the role may use.
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useMe } from './permissions';
import { mayUse, SCREENS } from './routes';

export function HomeRedirect() {
  const me = useMe();
  const { t } = useTranslation();
  const first = SCREENS.find((screen) => screen.navLabel && mayUse(me.permissions, screen));
  if (first) return <Navigate to={`/${first.path}`} replace />;
  return (
    <section className="panel" aria-labelledby="nothing-title">
      <h1 id="nothing-title">{t('home.nothingTitle')}</h1>
      <p>{t('home.nothingBody', { role: t(`roles.${me.role}`) })}</p>
    </section>
  );
}
