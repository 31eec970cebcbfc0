// The router and the data cache. Signed out: only the sign-in screen. Signed in: the shell
// with the screens of routes.tsx, each lazily loaded and guarded by its permissions.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError } from '../api/errors';
import { SignInScreen } from '../screens/signin/SignInScreen';
import { RouteError } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { Guarded } from './Guarded';
import { HomeRedirect } from './HomeRedirect';
import { SCREENS } from './routes';
import { Shell } from './Shell';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refused key or role will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  { path: '/signin', element: <SignInScreen />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      ...SCREENS.map((screen) => ({
        path: screen.path,
        element: <Guarded screen={screen} />,
        errorElement: <RouteError />,
      })),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<Loading />}>
        <RouterProvider router={router} />
      </Suspense>
    </QueryClientProvider>
  );
}
