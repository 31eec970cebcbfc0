// The customers this browser opened last, shown when the search box is empty. Only ids and
// names, kept in localStorage; cleared on sign-out is not needed (no secrets), capped at 8.
const KEY = 'ledger.recentCustomers';
const KEEP = 8;

export interface RecentCustomer {
  customerId: string;
  name: string | null;
}

export function recentCustomers(): RecentCustomer[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentCustomer[]).filter((c) => typeof c?.customerId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberCustomer(customer: RecentCustomer): void {
  const rest = recentCustomers().filter((c) => c.customerId !== customer.customerId);
  localStorage.setItem(KEY, JSON.stringify([customer, ...rest].slice(0, KEEP)));
}
