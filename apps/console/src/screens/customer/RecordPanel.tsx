// "Record…": purchase, return, information request, complaint, feedback, campaign touch. One form open at a
// time, chosen with buttons (toggle buttons announce which one is open).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../api/client';
import { CommandForm } from '../../forms/CommandForm';
import { FormChooser } from '../../forms/FormChooser';
import { CAMPAIGN_TOUCH_FORM } from '../../forms/customer-specs';
import { RECORD_FORMS } from '../../forms/specs';

/** The record forms, and a campaign reaching the customer (a mailing, a call of the campaign). */
const FORMS = [...RECORD_FORMS, CAMPAIGN_TOUCH_FORM];

interface Props {
  customerId: string;
  revision?: number;
  onDone: (result: CommandResult) => void;
  onConflict: () => void;
}

export function RecordPanel({ customerId, revision, onDone, onConflict }: Props) {
  const { t } = useTranslation(['customer', 'forms']);
  const [open, setOpen] = useState<string | null>(null);
  const spec = FORMS.find((form) => form.id === open);
  return (
    <section className="panel" aria-labelledby="record-title">
      <h2 id="record-title">{t('record.title')}</h2>
      <FormChooser label={t('record.title')} forms={FORMS} open={open} onOpen={setOpen} />
      {spec && (
        <CommandForm
          key={spec.id}
          spec={spec}
          customerId={customerId}
          revision={revision}
          onDone={onDone}
          onConflict={onConflict}
          onCancel={() => setOpen(null)}
        />
      )}
    </section>
  );
}
