// Which recorded fit a prediction as of an instant uses: one rule for the 360, the lifecycle
// history's months and the segment lists, so an auditor asking about a past date gets the model
// that could have been used then.

/** A recorded fit as the rule sees it: its data cut-off. */
export interface CutOff {
  asOfMs: number;
}

/**
 * Of the fits (in the order they were recorded) whose cut-off is at or before `atMs`, the one
 * with the latest cut-off, and of equal cut-offs the one recorded last. A fit never looks past
 * its cut-off, so it may serve any later instant. null when none qualifies.
 */
export function fitInForce<Fit extends CutOff>(fits: readonly Fit[], atMs: number): Fit | null {
  let chosen: Fit | null = null;
  for (const fit of fits) {
    if (fit.asOfMs > atMs) continue;
    if (!chosen || fit.asOfMs >= chosen.asOfMs) chosen = fit;
  }
  return chosen;
}
