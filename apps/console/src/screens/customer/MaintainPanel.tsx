// "Change…" under the profile: edit the profile, record consent for a channel and purpose, assign
// the account manager, flag a key account. One form open at a time, each with the revision on
// screen as If-Match (a 409 reloads the page and keeps the values to re-apply).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CommandResult } from '../../api/client';
import type { CustomerView } from '../../api/types';
import { useCan } from '../../app/permissions';
import { CommandForm } from '../../forms/CommandForm';
import { FormChooser } from '../../forms/FormChooser';
import { ACCOUNT_MANAGER_FORM, CONSENT_FORM, EDIT_PROFILE_FORM, KEY_ACCOUNT_FORM } from '../../forms/customer-specs';
import type { Values } from '../../forms/spec';
import type { DirectoryAnswer } from '../people/people-types';

const FORMS = [EDIT_PROFILE_FORM, CONSENT_FORM, ACCOUNT_MANAGER_FORM, KEY_ACCOUNT_FORM];

interface Props {
  view: CustomerView;
  revision?: number;
  onDone: (result: CommandResult) => void;
  onConflict: () => void;
}

/** What the forms start from: the profile as shown, the current manager and flag. */
function currentValues(view: CustomerView, formId: string): Values {
  const profile = view.profile;
  if (formId === EDIT_PROFILE_FORM.id) {
    const { name, email, phone, birthDate, gender, city, country } = profile;
    const shown = { name, email, phone, birthDate, gender, city, country };
    return Object.fromEntries(Object.entries(shown).map(([field, value]) => [field, value ?? '']));
  }
  if (formId === ACCOUNT_MANAGER_FORM.id) return { accountManagerId: view.accountManagerId ?? '' };
  if (formId === KEY_ACCOUNT_FORM.id) return { keyAccount: String(view.keyAccount) };
  return {};
}

export function MaintainPanel({ view, revision, onDone, onConflict }: Props) {
  const { t } = useTranslation(['customer', 'forms']);
  const [open, setOpen] = useState<string | null>(null);
  // The directory is the admin's to read (GET /admin/users); others type the person's id.
  const mayReadPeople = useCan('admin');
  const people = useQuery({
    queryKey: ['admin-users', 'active-people'],
    queryFn: ({ signal }) => api.get<DirectoryAnswer>('/admin/users', { active: true }, { signal }),
    enabled: mayReadPeople && open === ACCOUNT_MANAGER_FORM.id,
    staleTime: 60_000,
  });
  const spec = FORMS.find((form) => form.id === open);
  const suggestions = people.data && {
    accountManagerId: people.data.items.map((person) => ({
      value: person.userId,
      label: `${person.name ?? person.userId}${person.team ? ` · ${person.team}` : ''}`,
    })),
  };

  return (
    <section className="panel" aria-labelledby="maintain-title">
      <h2 id="maintain-title">{t('maintain.title')}</h2>
      <FormChooser label={t('maintain.title')} forms={FORMS} open={open} onOpen={setOpen} />
      {spec && revision !== undefined && (
        <CommandForm
          key={spec.id}
          spec={spec}
          context={{ customerId: view.customerId }}
          initial={currentValues(view, spec.id)}
          revision={revision}
          suggestions={spec.id === ACCOUNT_MANAGER_FORM.id ? suggestions : undefined}
          onDone={(result) => {
            onDone(result);
            // The page shows the change; the form would start from the old values.
            if (spec.id !== CONSENT_FORM.id) setOpen(null);
          }}
          onConflict={onConflict}
          onCancel={() => setOpen(null)}
        />
      )}
    </section>
  );
}
