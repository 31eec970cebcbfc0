// The auditor's reads of one customer (every call is recorded in the audit access log).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { EventsPage, StateAnswer } from './audit-types';

export const auditPath = (customerId: string) => `/audit/customers/${encodeURIComponent(customerId)}`;

/** The first 1000 events: the time control's stops and the filters' choices. */
export function useHistory(customerId: string) {
  return useQuery({
    queryKey: ['audit-history', customerId],
    queryFn: ({ signal }) => api.get<EventsPage>(`${auditPath(customerId)}/events`, { limit: 1000 }, { signal }),
  });
}

export function useStateAt(customerId: string, asOf: string | undefined, knownAt: string | undefined) {
  return useQuery({
    queryKey: ['audit-state', customerId, asOf, knownAt],
    queryFn: ({ signal }) => api.get<StateAnswer>(`${auditPath(customerId)}/state`, { asOf, knownAt }, { signal }),
    enabled: asOf !== undefined,
  });
}
