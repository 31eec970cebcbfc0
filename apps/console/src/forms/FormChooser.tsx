// The row of toggle buttons that opens one form of a panel at a time ("Record…", "Change…"): the
// pressed button says which form is open; pressing it again closes it.
import { useTranslation } from 'react-i18next';
import type { FormSpec } from './spec';

interface Props {
  label: string;
  forms: readonly FormSpec[];
  open: string | null;
  onOpen: (formId: string | null) => void;
}

export function FormChooser({ label, forms, open, onOpen }: Props) {
  const { t } = useTranslation('forms');
  return (
    <div className="form-actions wrap" role="group" aria-label={label}>
      {forms.map((form) => (
        <button
          key={form.id}
          type="button"
          aria-pressed={open === form.id}
          onClick={() => onOpen(open === form.id ? null : form.id)}
        >
          {t(`forms.${form.id}.title`)}
        </button>
      ))}
    </div>
  );
}
