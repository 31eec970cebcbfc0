// The customers opened last in this tab, shown when the search box is empty: ids and names in
// sessionStorage (gone with the tab, cleared at sign-out), so no customer's name outlives the
// session in the browser (an erased customer's included).
const KEY = 'ledger.recentCustomers';
const KEEP = 8;

export interface RecentCustomer {
  customerId: string;
  name: string | null;
}

export function recentCustomers(): RecentCustomer[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentCustomer[]).filter((c) => typeof c?.customerId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCustomer(customer: RecentCustomer): void {
  const rest = recentCustomers().filter((c) => c.customerId !== customer.customerId);
  sessionStorage.setItem(KEY, JSON.stringify([customer, ...rest].slice(0, KEEP)));
}

export function forgetRecentCustomers(): void {
  sessionStorage.removeItem(KEY);
}
