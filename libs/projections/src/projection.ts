// The shape of a projection: a pure function from (document, event) to document, plus
// which documents an event touches. The projection runner does the I/O and the idempotency
// guard (an event at or below a document's lastPosition is never applied again).
import type { RecordedEvent } from '@ledger/domain';

export interface ProjectedDocument {
  id: string;
  /** Global position of the last event applied to this document. */
  lastPosition: number;
}

export interface Projection<D extends ProjectedDocument = ProjectedDocument> {
  /** Collection name of the read model, e.g. `operational_view`. */
  readonly name: string;
  /** Bumped when the document shape changes; a changed version means the read model must be rebuilt. */
  readonly version: number;
  /** Ids of the documents this event changes (often one: the customer id). Empty when irrelevant. */
  keysOf(event: RecordedEvent): string[];
  /** Pure: the document after the event. `doc` is null when the document does not exist yet. */
  apply(doc: D | null, event: RecordedEvent, id: string): D | null;
  /** Fields the query service filters or sorts on (indexes for adapters that have them). */
  readonly indexes?: string[];
}
