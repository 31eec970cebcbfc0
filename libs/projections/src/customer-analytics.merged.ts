// The analytics document of a merged group (CustomersMerged): the survivor's profile with the
// union of every member's timelines, combined at query time like the 360's
// (operational-view.merged.ts). Nothing is copied between stored documents, so an unmerge
// shows each customer exactly as their own events made them.
import { emptyCustomerAnalytics, withTotals, type CustomerAnalytics } from './customer-analytics.projection';
import { compareTuples, toInstant, toMs } from './timeline';

type Timeline = 'purchases' | 'returns' | 'contacts' | 'complaints' | 'feedback' | 'touches';
const TIMELINES: readonly Timeline[] = ['purchases', 'returns', 'contacts', 'complaints', 'feedback', 'touches'];

/** `survivor` standing for itself and `members` (merged into it, at any depth), as one customer. */
export function combinedAnalytics(
  survivor: CustomerAnalytics,
  members: readonly CustomerAnalytics[],
): CustomerAnalytics {
  if (members.length === 0) return survivor;
  const all = [survivor, ...members];
  const union = <K extends Timeline>(key: K): CustomerAnalytics[K] =>
    all
      .flatMap((doc) => doc[key] as readonly CustomerAnalytics[K][number][])
      .sort(compareTuples) as CustomerAnalytics[K];
  // The profile (kind, country, city, key account) is the survivor's, as in the 360.
  const { merges: _merges, ...profile } = survivor;
  const combined: CustomerAnalytics = { ...profile };
  for (const key of TIMELINES) (combined as unknown as Record<Timeline, unknown>)[key] = union(key);
  const registered = all.flatMap((doc) => (doc.registeredAt === null ? [] : [toMs(doc.registeredAt)]));
  const lastFeedback = combined.feedback[combined.feedback.length - 1];
  return withTotals({
    ...combined,
    // The person has been a customer since the earliest of their records.
    registeredAt: registered.length > 0 ? toInstant(Math.min(...registered)) : null,
    campaignIds: [...new Set(all.flatMap((doc) => doc.campaignIds))].sort(),
    lastFeedback: lastFeedback
      ? { kind: lastFeedback[1], score: lastFeedback[2], at: toInstant(lastFeedback[0]) }
      : null,
    lastPosition: Math.max(...all.map((doc) => doc.lastPosition)),
  });
}

/**
 * A customer merged into another, as the analytics count it while the merge holds: no facts of
 * their own (they are the survivor's), so no segment, list or count takes them in.
 */
export function mergedAwayAnalytics(doc: CustomerAnalytics): CustomerAnalytics {
  return { ...emptyCustomerAnalytics(doc.id), lastPosition: doc.lastPosition };
}
