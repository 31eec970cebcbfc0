// One screen behind its permissions: the 403 message instead of the screen when the role may
// not use it, the screen's strings loaded before it renders.
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Forbidden } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { useMe } from './permissions';
import { mayUse, type ScreenRoute } from './routes';

function Screen({ screen }: { screen: ScreenRoute }) {
  // Suspends until the screen's namespace is loaded.
  useTranslation(screen.namespace);
  const Component = screen.screen;
  return <Component />;
}

export function Guarded({ screen }: { screen: ScreenRoute }) {
  const me = useMe();
  if (!mayUse(me.permissions, screen)) return <Forbidden role={me.role} />;
  return (
    <Suspense fallback={<Loading />}>
      <Screen screen={screen} />
    </Suspense>
  );
}
