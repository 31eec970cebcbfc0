// The console's screens, one entry each: path, lazily loaded component (its own chunk), the
// navigation label (a key in the `common` namespace; none = not in the navigation), and the
// permissions the API will ask for (as in libs/http/src/access.ts). Navigation shows only the
// entries the signed-in role may use; a direct URL to any other shows the 403 message.
//
// Paths never begin with an API prefix (/customers, /complaints, /segments, /campaigns, /kpis,
// /audit, /admin, /auth, /health, /docs): the servers send index.html only for paths no API
// route answers.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission } from '../api/types';

export interface ScreenRoute {
  path: string;
  screen: LazyExoticComponent<ComponentType>;
  /** i18n namespace of the screen, loaded before it renders. */
  namespace: string;
  /** Every one of these is needed (the queue reads and writes, so it asks for both). */
  permissions: Permission[];
  /** Key in `common` (nav.*); omitted for screens reached by a link (e.g. one customer). */
  navLabel?: string;
}

export const SCREENS: ScreenRoute[] = [
  {
    path: 'find',
    screen: lazy(() => import('../screens/search/FindCustomerScreen')),
    namespace: 'search',
    permissions: ['read:customer'],
    navLabel: 'nav.find',
  },
  {
    path: 'customer/:customerId',
    screen: lazy(() => import('../screens/customer/CustomerScreen')),
    namespace: 'customer',
    permissions: ['read:customer'],
  },
  {
    path: 'queue',
    screen: lazy(() => import('../screens/complaints/ComplaintsQueueScreen')),
    namespace: 'complaints',
    permissions: ['read:customer', 'write'],
    navLabel: 'nav.queue',
  },
  {
    path: 'analytics',
    screen: lazy(() => import('../screens/dashboard/DashboardScreen')),
    namespace: 'dashboard',
    permissions: ['read:analytics'],
    navLabel: 'nav.analytics',
  },
  {
    path: 'campaign-results',
    screen: lazy(() => import('../screens/campaigns/CampaignsScreen')),
    namespace: 'campaigns',
    permissions: ['read:analytics'],
    navLabel: 'nav.campaigns',
  },
  {
    path: 'lifecycle/:customerId?',
    screen: lazy(() => import('../screens/lifecycle/LifecycleScreen')),
    namespace: 'lifecycle',
    permissions: ['read:customer'],
    navLabel: 'nav.lifecycle',
  },
  {
    path: 'history/:customerId?',
    screen: lazy(() => import('../screens/auditor/AuditorScreen')),
    namespace: 'auditor',
    permissions: ['read:audit'],
    navLabel: 'nav.history',
  },
  {
    path: 'operations',
    screen: lazy(() => import('../screens/admin/AdminScreen')),
    namespace: 'admin',
    permissions: ['admin'],
    navLabel: 'nav.operations',
  },
];

export const mayUse = (granted: readonly Permission[], screen: ScreenRoute): boolean =>
  screen.permissions.every((permission) => granted.includes(permission));
