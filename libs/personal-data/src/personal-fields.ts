// Which event fields hold personal data, and so are encrypted with the customer's key (DESIGN
// rule 8). Identity and contact points, plus free text in which a person may write anything about
// themselves. Kept clear on purpose: ids, amounts, dates, channels, categories, scores, and the
// coarse demographics analytics segment on (gender, country). See docs/audit.md.
//
// Every event type has an entry, an empty list being the decision "nothing personal here": a new
// event type fails the build until someone decides, and a path that names no field of the event
// fails it too.
import type { CrmEventType, EventOfType } from '@ledger/domain';

type DataOf<T extends CrmEventType> = EventOfType<T>['data'];
type FieldOf<D> = Extract<keyof D, string>;

/** A field of the event's data, or `changes.x` for a field inside its `changes`. */
export type PersonalPath<T extends CrmEventType> =
  | FieldOf<DataOf<T>>
  | (DataOf<T> extends { changes: infer C } ? `changes.${FieldOf<C>}` : never);

export type PersonalFieldTable = { readonly [T in CrmEventType]: readonly PersonalPath<T>[] };

/** Paths into `data`, per event type; `changes.x` reaches into CustomerProfileUpdated's changes. */
export const PERSONAL_FIELDS = {
  CustomerRegistered: ['name', 'email', 'phone', 'birthDate', 'city'],
  CustomerProfileUpdated: ['changes.name', 'changes.email', 'changes.phone', 'changes.birthDate', 'changes.city'],
  ConsentGiven: [],
  ConsentWithdrawn: [],
  AccountManagerAssigned: [],
  // The reason is staff's note on why the account matters to the business (volume, contract).
  KeyAccountFlagged: [],
  ContactRecorded: ['reason'],
  PurchaseRecorded: [],
  PurchaseReturned: ['reason'],
  InformationRequested: ['topic', 'answer'],
  ComplaintOpened: ['description'],
  ComplaintEscalated: ['reason'],
  ComplaintAssigned: ['note'],
  ComplaintResolved: ['resolution'],
  FeedbackGiven: ['comment'],
  CampaignTouchDelivered: [],
  // The description is the offer's (a product text from the offer rule), not the customer's.
  OfferMade: [],
  // Must stay readable after the key is destroyed: the reason is the legal ground, never data.
  CustomerErased: [],
  CustomersMerged: [],
  CustomersUnmerged: [],
  // A campaign is no person's data.
  CampaignLaunched: [],
  CustomerValueModelFitted: [],
  // Staff are people too: their name and email are sealed with the user's own key (see
  // personal-data-vault.ts), so a person who leaves can be forgotten like a customer.
  UserAdded: ['name', 'email'],
  // Reasons are the admin's note about the account ("left the company"), not the person's words.
  UserRolesChanged: [],
  UserTeamChanged: [],
  UserDeactivated: [],
  UserReactivated: [],
} as const satisfies PersonalFieldTable;

const PATHS: Readonly<Record<string, readonly string[]>> = PERSONAL_FIELDS;

export const personalFieldsOf = (type: string): readonly string[] =>
  Object.prototype.hasOwnProperty.call(PATHS, type) ? PATHS[type] : [];
