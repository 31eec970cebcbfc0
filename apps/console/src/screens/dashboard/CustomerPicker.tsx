// "Which customer?": an id typed in Latin or Persian digits, then the screen for that customer.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { latinDigits } from '../../format/digits';

export function CustomerPicker({
  label,
  to,
  initial = '',
}: {
  label: string;
  to: (customerId: string) => string;
  initial?: string;
}) {
  const { t } = useTranslation('dashboard');
  const navigate = useNavigate();
  const [typed, setTyped] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = latinDigits(typed).trim();
    // react-router reports a failed navigation through its error boundary, not this promise.
    if (id) void navigate(to(id));
  };
  return (
    <form className="filters panel" onSubmit={submit} role="search">
      <label>
        {label}
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <button type="submit">{t('picker.open')}</button>
    </form>
  );
}
