// "Find a customer": the agent's first screen. Type a name, phone, email or id; the caller is
// two keystrokes away.
import { useTranslation } from 'react-i18next';
import { CustomerSearch } from './CustomerSearch';

export default function FindCustomerScreen() {
  const { t } = useTranslation('search');
  return (
    <section className="page find-page" aria-labelledby="find-title">
      <h1 id="find-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <CustomerSearch />
    </section>
  );
}
