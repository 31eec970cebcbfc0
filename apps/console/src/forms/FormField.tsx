// One labelled input with its message: the label names it, the message is tied to it with
// aria-describedby, and aria-invalid marks it for assistive technology and the stylesheet.
import { useTranslation } from 'react-i18next';
import { chosen, type FieldSpec } from './spec';

interface Props {
  id: string;
  field: FieldSpec;
  label: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** Values to pick from while typing (an id field: the directory's people), with what they show. */
  suggestions?: { value: string; label: string }[];
}

export function FormField({ id, field, label, value, error, onChange, suggestions }: Props) {
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
  const optionLabel = (option: string) => (field.optionsKey ? t(`${field.optionsKey}.${option}`) : option);
  if (field.kind === 'choices') {
    // A group of check boxes is named by its legend, not a label.
    const picked = chosen(value);
    const toggle = (option: string, on: boolean) =>
      onChange(field.options?.filter((o) => (o === option ? on : picked.includes(o))).join(',') ?? '');
    return (
      <fieldset className="field field-choices" id={id} aria-describedby={common['aria-describedby']}>
        <legend>
          {label}
          {field.required && <span aria-hidden="true"> *</span>}
        </legend>
        {field.options?.map((option) => (
          <label key={option} className="choice">
            <input
              type="checkbox"
              name={field.name}
              value={option}
              checked={picked.includes(option)}
              aria-invalid={common['aria-invalid']}
              onChange={(event) => toggle(option, event.target.checked)}
            />{' '}
            {optionLabel(option)}
          </label>
        ))}
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
      </fieldset>
    );
  }
  let input;
  if (field.kind === 'select') {
    input = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        {!field.required && <option value="">{t('form.none')}</option>}
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
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
    const type = field.kind === 'password' ? 'password' : field.kind === 'date' ? 'date' : 'text';
    input = (
      <input
        {...common}
        type={type}
        inputMode={numeric ? (field.kind === 'money' ? 'decimal' : 'numeric') : undefined}
        dir={numeric || field.kind === 'id' || field.kind === 'currency' || type !== 'text' ? 'ltr' : 'auto'}
        maxLength={field.maxLength}
        autoComplete={field.kind === 'password' ? 'new-password' : 'off'}
        list={suggestions ? `${id}-suggestions` : undefined}
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
      {suggestions && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((option) => (
            <option key={option.value} value={option.value} label={option.label} />
          ))}
        </datalist>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
