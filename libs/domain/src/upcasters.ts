// Upcasting on read (DESIGN rule 7): a stored event keeps the schema version it was written with;
// readers lift it step by step (v → v+1) to the current version before anything folds it.
import { SCHEMA_VERSIONS, isKnownEventType, type CrmEventType } from './events';

/** Lifts one event's data from version v to v + 1. Must be pure: the same input always upcasts the same way. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** `steps[v]` lifts one event type's data from version v to v + 1. */
export type UpcasterSteps = Readonly<Record<number, Upcaster>>;

/** `registry[type][v]` lifts `type` data from version v to v + 1. */
export type UpcasterRegistry = Readonly<Partial<Record<CrmEventType, UpcasterSteps>>>;

/**
 * The steps per event type, one entry for every type so that adding a type (or raising its
 * version in SCHEMA_VERSIONS) is a decision here. Every type is still at version 1: no steps.
 */
export const UPCASTERS = {
  CustomerRegistered: {},
  CustomerProfileUpdated: {},
  ConsentGiven: {},
  ConsentWithdrawn: {},
  AccountManagerAssigned: {},
  KeyAccountFlagged: {},
  ContactRecorded: {},
  PurchaseRecorded: {},
  PurchaseReturned: {},
  InformationRequested: {},
  ComplaintOpened: {},
  ComplaintEscalated: {},
  ComplaintAssigned: {},
  ComplaintResolved: {},
  FeedbackGiven: {},
  CampaignTouchDelivered: {},
  OfferMade: {},
  CustomerErased: {},
  CustomersMerged: {},
  CustomersUnmerged: {},
  CampaignLaunched: {},
  CustomerValueModelFitted: {},
  UserAdded: {},
  UserRolesChanged: {},
  UserTeamChanged: {},
  UserDeactivated: {},
  UserReactivated: {},
} as const satisfies Record<CrmEventType, UpcasterSteps>;

export interface VersionedEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** Stored data that cannot be read by this code: a corrupt or foreign log, or a deployment that is too old. */
export class UpcastFailed extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    reason: string,
  ) {
    super(`cannot read ${type} v${schemaVersion}: ${reason}`);
    this.name = 'UpcastFailed';
  }
}

/**
 * Returns the event at its type's current schema version. An event already current is returned
 * as the same object (callers may test identity to skip copying); otherwise a copy with the lifted
 * data and version, every other field (ids, metadata, positions) kept.
 */
export function upcast<E extends VersionedEvent>(
  event: E,
  registry: UpcasterRegistry = UPCASTERS,
  versions: Readonly<Record<string, number>> = SCHEMA_VERSIONS,
): E {
  const { type, schemaVersion } = event;
  if (!isKnownEventType(type) || !Object.prototype.hasOwnProperty.call(versions, type)) {
    throw new UpcastFailed(type, schemaVersion, 'unknown event type');
  }
  const current = versions[type];
  if (schemaVersion === current) return event;
  if (!Number.isInteger(schemaVersion) || schemaVersion > current) {
    throw new UpcastFailed(type, schemaVersion, `this code knows versions up to ${current}`);
  }
  const steps = registry[type] ?? {};
  let data = event.data as Readonly<Record<string, unknown>>;
  for (let version = schemaVersion; version < current; version++) {
    const step = Object.prototype.hasOwnProperty.call(steps, version) ? steps[version] : undefined;
    if (!step) throw new UpcastFailed(type, schemaVersion, `no upcaster from v${version} to v${version + 1}`);
    data = step(data);
  }
  return { ...event, schemaVersion: current, data };
}
