// Which event fields hold personal data, and so are encrypted with the customer's key (DESIGN
// rule 8). Identity and contact points, plus free text in which a person may write anything about
// themselves. Kept clear on purpose: ids, amounts, dates, channels, categories, scores, and the
// coarse demographics analytics segment on (gender, country). See docs/audit.md.

/** Paths into `data`, per event type; `changes.x` reaches into CustomerProfileUpdated's changes. */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CustomerRegistered: ['name', 'email', 'phone', 'birthDate', 'city'],
  CustomerProfileUpdated: ['changes.name', 'changes.email', 'changes.phone', 'changes.birthDate', 'changes.city'],
  ContactRecorded: ['reason'],
  PurchaseReturned: ['reason'],
  InformationRequested: ['topic', 'answer'],
  ComplaintOpened: ['description'],
  ComplaintEscalated: ['reason'],
  ComplaintResolved: ['resolution'],
  FeedbackGiven: ['comment'],
};

export const personalFieldsOf = (type: string): readonly string[] =>
  Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, type) ? PERSONAL_FIELDS[type] : [];
