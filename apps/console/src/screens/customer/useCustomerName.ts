// A customer's name for a line that names them (a merge, a duplicate pair), read from their 360;
// the id until it arrives, or when the customer is erased.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CustomerView } from '../../api/types';

export function useCustomerName(customerId: string, minPosition?: number): string {
  const view = useQuery({
    queryKey: ['customer', customerId, minPosition],
    queryFn: ({ signal }) =>
      api.get<CustomerView>(`/customers/${encodeURIComponent(customerId)}`, { minPosition }, { signal }),
    staleTime: 30_000,
  });
  return view.data?.profile.name ?? customerId;
}
