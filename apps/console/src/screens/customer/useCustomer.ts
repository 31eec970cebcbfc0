// Everything the 360 reads, and the revision the agent is looking at. A command's answer moves
// `minPosition` (so the re-read includes what was just written) and the revision; a 409 reloads.
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { api, type CommandResult } from '../../api/client';
import type { CustomerSignals, CustomerView, LifecycleAnswer, TimelinePage } from '../../api/types';
import type { SegmentProvenanceAnswer } from '../auditor/audit-types';

/** The segment scores and the facts behind them (an auditor's segment provenance). */
export type SegmentWhy = SegmentProvenanceAnswer;

export const TIMELINE_PAGE = 50;

/** The timeline's "show" choices: the event types behind each (all when empty). */
export const TIMELINE_FILTERS: Record<string, string[]> = {
  all: [],
  contacts: ['ContactRecorded', 'InformationRequested'],
  sales: ['PurchaseRecorded', 'PurchaseReturned', 'OfferMade'],
  service: ['ComplaintOpened', 'ComplaintEscalated', 'ComplaintAssigned', 'ComplaintResolved'],
  feedback: ['FeedbackGiven'],
  marketing: ['CampaignTouchDelivered', 'OfferMade', 'ConsentGiven', 'ConsentWithdrawn'],
};

/** `arrivedAt`: the position of the command that led here (a registration), so the first read includes it. */
export function useCustomer(customerId: string, canReadAudit: boolean, arrivedAt?: number) {
  const client = useQueryClient();
  const [minPosition, setMinPosition] = useState<number | undefined>(arrivedAt);
  const [ownRevision, setOwnRevision] = useState<number>(-1);
  // The segment provenance replays the customer against the whole population: only on request.
  const [whyWanted, setWhyWanted] = useState(false);
  const [timelineFilter, setTimelineFilter] = useState('all');

  const view = useQuery({
    queryKey: ['customer', customerId, minPosition],
    queryFn: ({ signal }) =>
      api.get<CustomerView>(`/customers/${encodeURIComponent(customerId)}`, { minPosition }, { signal }),
    placeholderData: (previous) => previous,
  });
  const lifecycle = useQuery({
    queryKey: ['customer-lifecycle', customerId, minPosition],
    queryFn: ({ signal }) =>
      // The header needs the stage only; the forecast panel reads the fitted value on its own.
      api.get<LifecycleAnswer>(
        `/customers/${encodeURIComponent(customerId)}/lifecycle`,
        { minPosition, fitted: false },
        { signal },
      ),
    placeholderData: (previous) => previous,
  });
  const signals = useQuery({
    queryKey: ['customer-signals', customerId, minPosition],
    queryFn: ({ signal }) =>
      api.get<CustomerSignals>(`/customers/${encodeURIComponent(customerId)}/signals`, { minPosition }, { signal }),
    placeholderData: (previous) => previous,
  });
  const why = useQuery({
    queryKey: ['customer-why', customerId, minPosition],
    queryFn: ({ signal }) =>
      api.get<SegmentWhy>(
        `/audit/customers/${encodeURIComponent(customerId)}/provenance`,
        { segment: true },
        { signal },
      ),
    enabled: canReadAudit && whyWanted,
    placeholderData: (previous) => previous,
  });
  const timeline = useInfiniteQuery({
    queryKey: ['customer-timeline', customerId, timelineFilter],
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(
        `/customers/${encodeURIComponent(customerId)}/timeline`,
        { before: pageParam ?? undefined, limit: TIMELINE_PAGE, type: TIMELINE_FILTERS[timelineFilter]?.join(',') },
        { signal },
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });

  const shownRevision = Math.max(timeline.data?.pages[0]?.revision ?? -1, ownRevision);

  /** After the agent's own command: read again at (or after) its position. */
  const wrote = useCallback(
    (result: CommandResult) => {
      setOwnRevision((current) => Math.max(current, result.revision));
      setMinPosition(result.position);
      void client.invalidateQueries({ queryKey: ['customer-timeline', customerId] });
      void client.invalidateQueries({ queryKey: ['complaints-queue'] });
    },
    [client, customerId],
  );

  /** After a command on another customer's stream (undoing this record's merge on the survivor):
   *  read again at its position, but keep this stream's revision. */
  const elsewhere = useCallback(
    (result: CommandResult) => {
      setMinPosition(result.position);
      void client.invalidateQueries({ queryKey: ['customer-timeline', customerId] });
    },
    [client, customerId],
  );

  /** After a 409: someone else wrote meanwhile; read everything again. */
  const reload = useCallback(() => {
    void client.invalidateQueries({ queryKey: ['customer', customerId] });
    void client.invalidateQueries({ queryKey: ['customer-lifecycle', customerId] });
    void client.invalidateQueries({ queryKey: ['customer-why', customerId] });
    void client.invalidateQueries({ queryKey: ['customer-signals', customerId] });
    // Invalidate, not reset: the page keeps showing (and the form its values) while it reloads.
    void client.invalidateQueries({ queryKey: ['customer-timeline', customerId] });
  }, [client, customerId]);

  return {
    view,
    lifecycle,
    signals,
    why,
    wantWhy: () => setWhyWanted(true),
    timelineFilter,
    setTimelineFilter,
    timeline,
    revision: shownRevision >= 0 ? shownRevision : undefined,
    wrote,
    elsewhere,
    reload,
  };
}
