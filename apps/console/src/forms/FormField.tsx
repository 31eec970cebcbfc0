// One labelled input with its message: the label names it, the message is tied to it with
// aria-describedby, and aria-invalid marks it for assistive technology and the stylesheet.
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from './spec';

interface Props {
  id: string;
  field: FieldSpec;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}

export function FormField({ id, field, label, value, error, onChange }: Props) {
  const { t } = useTranslation('forms');
  const errorId = `${id}-error`;
  const common = {
    id,
    name: field.name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    'aria-required': field.required ? true : undefined,
  } as const;
  let input;
  if (field.kind === 'select') {
    input = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        {!field.required && <option value="">{t('form.none')}</option>}
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {field.optionsKey ? t(`${field.optionsKey}.${option}`) : option}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'textarea') {
    input = (
      <textarea {...common} rows={2} maxLength={field.maxLength} onChange={(event) => onChange(event.target.value)} />
    );
  } else {
    const numeric = field.kind === 'integer' || field.kind === 'money';
    input = (
      <input
        {...common}
        type="text"
        inputMode={numeric ? (field.kind === 'money' ? 'decimal' : 'numeric') : undefined}
        dir={numeric || field.kind === 'id' || field.kind === 'currency' ? 'ltr' : 'auto'}
        maxLength={field.maxLength}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className={`field field-${field.kind}`}>
      <label htmlFor={id}>
        {label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
