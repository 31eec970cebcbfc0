// Customer search's read model: per customer the display fields of a result and the normalised
// tokens a query is matched on (search-text.ts). Personal fields (name, e-mail, phone, city) are
// indexed only while the customer is not erased: CustomerErased removes them and their tokens.
import {
  assertNever,
  type CrmEventType,
  type CustomerEvent,
  type CustomerKind,
  type RecordedEvent,
} from '@ledger/domain';
import type { ProjectedDocument, Projection } from './projection';
import { emailTokens, idToken, nameTokens, phoneTokens } from './search-text';

export interface SearchTokens {
  name: string[];
  email: string[];
  phone: string[];
  customerId: string[];
  orderId: string[];
}

export type SearchField = keyof SearchTokens;
/** Order in which fields rank among matches of the same kind (exact ones, then prefixes). */
export const SEARCH_FIELDS: readonly SearchField[] = ['name', 'email', 'phone', 'customerId', 'orderId'];

export interface CustomerSearchDocument extends ProjectedDocument {
  customerId: string;
  kind: CustomerKind;
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  /** Orders the customer placed, as recorded (their ids are not personal). */
  orderIds: string[];
  tokens: SearchTokens;
  /** Present (true) once erased: the personal fields are null and not indexed. */
  erased?: boolean;
  /**
   * Customers merged into this one and not unmerged, with the merge's business time; present
   * only when there are some. Search follows them up to name a merged customer's survivor.
   */
  mergedCustomers?: MergedCustomer[];
}

export interface MergedCustomer {
  customerId: string;
  mergedAt: string;
}

interface Fields {
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
}

/** A customer's order-id tokens: each once, in order (what a search by order id walks). */
const orderIdTokens = (tokens: readonly string[]): string[] => [...new Set(tokens)].sort();

/** Always built here, so a live document and a rebuilt one have the same shape and key order. */
function searchDocument(
  base: Pick<CustomerSearchDocument, 'customerId' | 'kind' | 'orderIds' | 'mergedCustomers'>,
  fields: Fields,
  position: number,
  erased: boolean,
  /** The tokens when the caller already knows them (only order ids changed). */
  known?: SearchTokens,
): CustomerSearchDocument {
  const personal: Fields = erased
    ? { name: null, email: null, phone: null, city: null, country: fields.country }
    : fields;
  const doc: CustomerSearchDocument = {
    id: base.customerId,
    customerId: base.customerId,
    kind: base.kind,
    ...personal,
    orderIds: base.orderIds,
    tokens: known ?? {
      name: nameTokens(personal.name),
      email: emailTokens(personal.email),
      phone: phoneTokens(personal.phone),
      customerId: [idToken(base.customerId)],
      orderId: orderIdTokens(base.orderIds.map(idToken)),
    },
    lastPosition: position,
  };
  if (erased) doc.erased = true;
  if (base.mergedCustomers?.length) doc.mergedCustomers = base.mergedCustomers;
  return doc;
}

type Data<T extends CustomerEvent['type']> = Extract<CustomerEvent, { type: T }>['data'];

/** A change that is present (even null) replaces the old value; an absent one keeps it. */
function changed(fields: Fields, changes: Data<'CustomerProfileUpdated'>['changes']): Fields {
  const pick = <K extends keyof Fields>(key: K): string | null =>
    key in changes ? ((changes as Partial<Record<K, string | null>>)[key] ?? null) : fields[key];
  return {
    // A name is never removed, only replaced: a null here is an erased customer's, read after the fact.
    name: changes.name ?? fields.name,
    email: pick('email'),
    phone: pick('phone'),
    city: pick('city'),
    country: pick('country'),
  };
}

function applyEvent(doc: CustomerSearchDocument, event: CustomerEvent, position: number): CustomerSearchDocument {
  const erased = doc.erased === true;
  const { name, email, phone, city, country } = doc;
  const fields: Fields = { name, email, phone, city, country };
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return searchDocument(doc, changed(fields, event.data.changes), position, erased);
    case 'PurchaseRecorded': {
      if (doc.orderIds.includes(event.data.orderId)) return doc;
      // The personal fields did not change, nor their tokens: normalising them again on every
      // purchase was the larger part of this read model's rebuild time (issue 12).
      const tokens = { ...doc.tokens, orderId: orderIdTokens([...doc.tokens.orderId, idToken(event.data.orderId)]) };
      return searchDocument(
        { ...doc, orderIds: [...doc.orderIds, event.data.orderId] },
        fields,
        position,
        erased,
        tokens,
      );
    }
    case 'CustomerErased':
      return searchDocument(doc, fields, position, true);
    case 'CustomerRegistered': // registered once by the decider; a duplicate from an import changes nothing
      return doc;
    case 'CustomersMerged': {
      const { mergedCustomerId, occurredAt } = event.data;
      const kept = (doc.mergedCustomers ?? []).filter((m) => m.customerId !== mergedCustomerId);
      const mergedCustomers = [...kept, { customerId: mergedCustomerId, mergedAt: occurredAt }];
      return searchDocument({ ...doc, mergedCustomers }, fields, position, erased);
    }
    case 'CustomersUnmerged': {
      const mergedCustomers = (doc.mergedCustomers ?? []).filter((m) => m.customerId !== event.data.mergedCustomerId);
      return searchDocument({ ...doc, mergedCustomers }, fields, position, erased);
    }
    case 'ConsentGiven':
    case 'ConsentWithdrawn':
    case 'AccountManagerAssigned':
    case 'KeyAccountFlagged':
    case 'ContactRecorded':
    case 'PurchaseReturned':
    case 'InformationRequested':
    case 'ComplaintOpened':
    case 'ComplaintEscalated':
    case 'ComplaintAssigned':
    case 'ComplaintResolved':
    case 'FeedbackGiven':
    case 'CampaignTouchDelivered':
    case 'OfferMade':
      return doc; // keyed out by RELEVANT; listed so a new event type must be decided here
  }
  return assertNever(event);
}

/** Which events change what search finds or shows; a new event type fails the build here until decided. */
const RELEVANT = {
  CustomerRegistered: true,
  CustomerProfileUpdated: true,
  ConsentGiven: false,
  ConsentWithdrawn: false,
  AccountManagerAssigned: false,
  KeyAccountFlagged: false,
  ContactRecorded: false,
  PurchaseRecorded: true,
  PurchaseReturned: false,
  InformationRequested: false,
  ComplaintOpened: false,
  ComplaintEscalated: false,
  ComplaintAssigned: false,
  ComplaintResolved: false,
  FeedbackGiven: false,
  CampaignTouchDelivered: false,
  OfferMade: false,
  CustomerErased: true,
  CustomersMerged: true,
  CustomersUnmerged: true,
  CampaignLaunched: false,
  CustomerValueModelFitted: false,
  UserAdded: false,
  UserRolesChanged: false,
  UserTeamChanged: false,
  UserDeactivated: false,
  UserReactivated: false,
} as const satisfies Record<CrmEventType, boolean>;

export const customerSearchProjection: Projection<CustomerSearchDocument> = {
  name: 'customer_search',
  // 2: merges recorded (mergedCustomers), so a merged customer's survivor can be named.
  version: 2,
  // The query side fetches only documents changed since it last looked (`lastPosition > p`).
  indexes: ['lastPosition'],
  keysOf: (event) => (RELEVANT[event.type] ? [(event.data as { customerId: string }).customerId] : []),
  apply(doc, event: RecordedEvent) {
    const customerEvent = event as unknown as CustomerEvent;
    if (doc === null) {
      // Only a registration starts a document (as for the operational view). Read after an
      // erasure, its personal fields are null already.
      if (customerEvent.type !== 'CustomerRegistered') return null;
      const d = customerEvent.data;
      const fields: Fields = {
        name: d.name ?? null,
        email: d.email ?? null,
        phone: d.phone ?? null,
        city: d.city ?? null,
        country: d.country ?? null,
      };
      return searchDocument({ customerId: d.customerId, kind: d.kind, orderIds: [] }, fields, event.position, false);
    }
    return applyEvent(doc, customerEvent, event.position);
  },
};
