// Results as you type: the query waits for a short pause in typing, keeps the previous results
// on screen while the next ones load, and sends digits typed in Persian as Latin ones.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { SearchAnswer } from '../../api/types';
import { latinDigits } from '../../format/digits';

const PAUSE_MS = 120;

export function useCustomerSearch(text: string, limit = 10) {
  const [settled, setSettled] = useState(text.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(latinDigits(text.trim())), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return useQuery({
    queryKey: ['customers/search', settled, limit],
    queryFn: ({ signal }) => api.get<SearchAnswer>('/customers/search', { q: settled, limit }, { signal }),
    enabled: settled.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}
