// The envelope every stored event travels in: who, through which channel, when it was
// recorded, where it sits in its stream and in the global log.
import type { CrmEvent } from './events';
import type { Instant } from './vocabulary';

export interface EventMetadata {
  /** The command (idempotency key) that produced the event. */
  commandId: string;
  correlationId: string;
  causationId: string;
  /** Who sent the command: `user:<userId>`, `key:<keyId>` or a configured key's label; never a secret. */
  actor: string;
  /** For a person's console action: which session (`s-` + a hash of its token, never the token itself). */
  session?: string;
  /** Originating system channel, e.g. `call-centre`, `web`, `import`. */
  channel: string;
  /** Hash of the command body, so a reused idempotency key with another body is detected. */
  requestHash?: string;
}

/** What a command handler asks the store to append. */
export interface NewEvent<E extends CrmEvent = CrmEvent> {
  eventId: string;
  type: E['type'];
  schemaVersion: number;
  data: E['data'];
  metadata: EventMetadata;
}

/** An event as the store returns it. `revision` is 0-based within the stream; `position` is the global log position (1-based). */
export interface RecordedEvent<E extends CrmEvent = CrmEvent> extends NewEvent<E> {
  streamId: string;
  revision: number;
  position: number;
  recordedAt: Instant;
  /** SHA-256 over the stored content and prevHash (libs/event-store hash-chain.ts); set by stores that chain. */
  hash?: string;
  /** The previous event's hash in the same stream; 64 zeros for the first. */
  prevHash?: string;
}
