// What the right to be forgotten leaves in a read model: facts (amounts, dates, channels,
// counts) stay for analytics; names, contact points and free text the customer or an agent
// wrote about them go. The log itself is handled by crypto-shredding (libs/personal-data).
import type { OperationalView } from './operational-view.document';

/** The operational view after CustomerErased: profile emptied, free text removed, `erased: true`. */
export function erasedOperationalView(view: OperationalView): OperationalView {
  return {
    ...view,
    // The profile type keeps `name` a string for live customers; an erased one has none.
    profile: {
      ...view.profile,
      name: null as unknown as string,
      email: null,
      phone: null,
      birthDate: null,
      city: null,
    },
    lastContacts: view.lastContacts.map((contact) => ({ ...contact, reason: null as unknown as string })),
    openComplaints: view.openComplaints.map((c) => ({ ...c, description: null as unknown as string })),
    erased: true,
  };
}
