// Shapes of the API answers the console reads: the server's own types (type-only imports, erased
// from the bundle), so a changed answer fails the console's typecheck instead of drifting.
export type { Permission, RoleName, WhoAmI as Me } from '@ledger/http/api';
export type {
  CustomerSignals,
  CustomerViewAnswer as CustomerView,
  DuplicatePair,
  DuplicatesAnswer,
  LifecycleAnswer,
  MergedInto,
  QueueItem,
  QueuePage,
  QueueSla,
  SearchAnswer,
  SearchResult,
  TimelineItem,
  TimelinePage,
} from '@ledger/queries/api';
export type { ComplaintWithSla as OpenComplaint, SlaStatus } from '@ledger/projections';
