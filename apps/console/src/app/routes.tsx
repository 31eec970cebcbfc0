// The console's screens, one entry each: path, lazily loaded component (its own chunk), the
// navigation label (a key in the `common` namespace; none = not in the navigation), and the
// permissions the API will ask for (as in libs/http/src/access.ts). Navigation shows only the
// entries the signed-in role may use; a direct URL to any other shows the 403 message.
//
// Paths never begin with an API prefix (/customers, /complaints, /segments, /campaigns, /kpis,
// /products, /audit, /admin, /auth, /health, /docs): the servers send index.html only for paths
// no API route answers.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { i18next } from '../i18n';
import type { Permission } from '../api/types';

type Loader = () => Promise<{ default: ComponentType }>;
export type LazyScreen = LazyExoticComponent<ComponentType> & { preload?: Loader };

/** React.lazy that can also be fetched ahead of time (the shell preloads the role's screens when idle). */
export function lazyScreen(load: Loader): LazyScreen {
  return Object.assign(lazy(load), { preload: load });
}

export interface ScreenRoute {
  path: string;
  screen: LazyScreen;
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
    screen: lazyScreen(() => import('../screens/search/FindCustomerScreen')),
    namespace: 'search',
    permissions: ['read:customer'],
    navLabel: 'nav.find',
  },
  {
    // Registering needs write; the 360 it opens afterwards needs read:customer (agents, admins).
    path: 'new-customer',
    screen: lazyScreen(() => import('../screens/new-customer/NewCustomerScreen')),
    namespace: 'search',
    permissions: ['write', 'read:customer'],
    navLabel: 'nav.newCustomer',
  },
  {
    path: 'customer/:customerId',
    screen: lazyScreen(() => import('../screens/customer/CustomerScreen')),
    namespace: 'customer',
    permissions: ['read:customer'],
  },
  {
    // Any reader of customers may review the pairs; merging is offered to those who may write.
    path: 'duplicates',
    screen: lazyScreen(() => import('../screens/duplicates/DuplicatesScreen')),
    namespace: 'duplicates',
    permissions: ['read:customer'],
    navLabel: 'nav.duplicates',
  },
  {
    path: 'queue',
    screen: lazyScreen(() => import('../screens/complaints/ComplaintsQueueScreen')),
    namespace: 'complaints',
    permissions: ['read:customer', 'write'],
    navLabel: 'nav.queue',
  },
  {
    path: 'dashboard',
    screen: lazyScreen(() => import('../screens/dashboard/DashboardScreen')),
    namespace: 'dashboard',
    permissions: ['read:analytics'],
    navLabel: 'nav.analytics',
  },
  {
    path: 'campaign-results',
    screen: lazyScreen(() => import('../screens/campaigns/CampaignsScreen')),
    namespace: 'campaigns',
    permissions: ['read:analytics'],
    navLabel: 'nav.campaigns',
  },
  {
    // Not /products: that is the API's, and a reloaded or shared link would get its JSON.
    path: 'product-catalogue/:sku?',
    screen: lazyScreen(() => import('../screens/products/ProductsScreen')),
    namespace: 'products',
    permissions: ['read:analytics'],
    navLabel: 'nav.products',
  },
  {
    path: 'lifecycle/:customerId?',
    screen: lazyScreen(() => import('../screens/lifecycle/LifecycleScreen')),
    namespace: 'lifecycle',
    permissions: ['read:customer'],
    navLabel: 'nav.lifecycle',
  },
  {
    path: 'history/:customerId?',
    screen: lazyScreen(() => import('../screens/auditor/AuditorScreen')),
    namespace: 'auditor',
    permissions: ['read:audit'],
    navLabel: 'nav.history',
  },
  {
    path: 'operations',
    screen: lazyScreen(() => import('../screens/admin/AdminScreen')),
    namespace: 'admin',
    permissions: ['admin'],
    navLabel: 'nav.operations',
  },
  {
    path: 'people',
    screen: lazyScreen(() => import('../screens/people/PeopleScreen')),
    namespace: 'people',
    permissions: ['admin'],
    navLabel: 'nav.people',
  },
  {
    path: 'api-keys',
    screen: lazyScreen(() => import('../screens/api-keys/ApiKeysScreen')),
    namespace: 'apiKeys',
    permissions: ['admin'],
    navLabel: 'nav.apiKeys',
  },
  {
    path: 'webhooks',
    screen: lazyScreen(() => import('../screens/webhooks/WebhooksScreen')),
    namespace: 'webhooks',
    permissions: ['admin'],
    navLabel: 'nav.webhooks',
  },
  {
    // Analysts read the fits and evaluate; fitting is offered to admins only (on the screen).
    path: 'value-model',
    screen: lazyScreen(() => import('../screens/value-model/ValueModelScreen')),
    namespace: 'valueModel',
    permissions: ['read:analytics'],
    navLabel: 'nav.valueModel',
  },
];

/** Fetches the code and strings of the screens a role may use, so the first visit is instant. */
export function preloadScreens(granted: readonly Permission[]): void {
  for (const screen of SCREENS.filter((s) => mayUse(granted, s))) {
    void screen.screen.preload?.();
    void i18next.loadNamespaces(screen.namespace);
  }
  void i18next.loadNamespaces('forms');
}

export const mayUse = (granted: readonly Permission[], screen: ScreenRoute): boolean =>
  screen.permissions.every((permission) => granted.includes(permission));
