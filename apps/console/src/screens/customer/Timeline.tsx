// Every fact of the customer, newest first, in a virtualised list (only the visible entries are
// in the page, so a customer with thousands of contacts opens as fast as one with ten); older
// pages load as the agent scrolls towards the end.
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelinePage } from '../../api/types';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { TimelineEntry } from './TimelineEntry';

type TimelineQuery = UseInfiniteQueryResult<InfiniteData<TimelinePage>>;

export function Timeline({ timeline }: { timeline: TimelineQuery }) {
  const { t } = useTranslation('customer');
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => timeline.data?.pages.flatMap((page) => page.items) ?? [], [timeline.data]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 84,
    overscan: 8,
    getItemKey: (index) => items[index].eventId,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastShown = virtualItems.length > 0 ? virtualItems[virtualItems.length - 1].index : -1;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= items.length - 10) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastShown, items.length]);

  if (timeline.error) return <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />;
  return (
    <div ref={scroller} className="timeline-scroller" tabIndex={0} role="region" aria-label={t('timeline.title')}>
      <div
        role="list"
        aria-busy={timeline.isFetching}
        style={{ blockSize: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualItems.map((row) => (
          <div
            key={row.key}
            role="listitem"
            data-index={row.index}
            ref={virtualizer.measureElement}
            aria-setsize={hasNextPage ? -1 : items.length}
            aria-posinset={row.index + 1}
            style={{
              position: 'absolute',
              insetBlockStart: 0,
              insetInlineStart: 0,
              inlineSize: '100%',
              transform: `translateY(${row.start}px)`,
            }}
          >
            <TimelineEntry item={items[row.index]} />
          </div>
        ))}
      </div>
      {isFetchingNextPage && <p className="muted small">{t('timeline.loadingOlder')}</p>}
      {!hasNextPage && items.length > 0 && <p className="muted small timeline-end">{t('timeline.end')}</p>}
    </div>
  );
}
