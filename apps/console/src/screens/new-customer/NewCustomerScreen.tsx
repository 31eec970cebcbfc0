// "New customer": an agent registers a caller the search did not find. The search text arrives
// as ?q= and fills the field it looks like; on success the new customer's 360 opens, read at the
// command's position so it shows at once.
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { CommandResult } from '../../api/client';
import { CommandForm } from '../../forms/CommandForm';
import { REGISTER_CUSTOMER_FORM, customerOf } from '../../forms/customer-specs';
import { prefill } from './prefill';

export default function NewCustomerScreen() {
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial = prefill(params.get('q') ?? '');

  const registered = (result: CommandResult) => {
    const customerId = customerOf(result.streamId);
    void navigate(`/customer/${encodeURIComponent(customerId)}?minPosition=${result.position}`);
  };

  return (
    <section className="page new-customer-page" aria-labelledby="new-customer-title">
      <h1 id="new-customer-title">{t('newCustomer.title')}</h1>
      <p className="muted">{t('newCustomer.intro')}</p>
      <div className="panel">
        <CommandForm
          // A new ?q= (another search's "Register…") starts the form afresh.
          key={params.get('q') ?? ''}
          spec={REGISTER_CUSTOMER_FORM}
          initial={initial}
          onDone={registered}
          onCancel={() => void navigate('/find')}
        />
      </div>
    </section>
  );
}
