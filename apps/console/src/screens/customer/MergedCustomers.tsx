// Merges seen from the 360. On a survivor: the customers merged straight into it, each with "Undo
// merge". On a record merged away: the banner sending the agent to the survivor, with the undo
// beside it. An undo asks first, naming the customer; both then show only their own histories.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CommandResult } from '../../api/client';
import type { MergedInto } from '../../api/types';
import { ConfirmedCommand } from '../../forms/ConfirmedCommand';
import { useCustomerName } from './useCustomerName';

const unmerges = (survivor: string) => `/customers/${encodeURIComponent(survivor)}/unmerges`;

function MergedCustomer({ survivor, merged, onDone }: { survivor: string; merged: string; onDone?: Done }) {
  const { t } = useTranslation('customer');
  const name = useCustomerName(merged);
  return (
    <li>
      <Link to={`/customer/${encodeURIComponent(merged)}`} dir="auto">
        {name}
      </Link>{' '}
      {onDone && (
        <ConfirmedCommand
          label={t('mergedCustomers.undo', { name })}
          question={t('mergedCustomers.undoQuestion', { name })}
          confirm={t('mergedCustomers.undoConfirm')}
          path={unmerges(survivor)}
          body={{ mergedCustomerId: merged }}
          onDone={onDone}
        />
      )}
    </li>
  );
}

type Done = (result: CommandResult) => void;

/** The survivor's list; `onDone` only for those who may undo. */
export function MergedCustomersPanel({
  customerId,
  merged,
  onDone,
}: {
  customerId: string;
  merged: string[];
  onDone?: Done;
}) {
  const { t } = useTranslation('customer');
  if (merged.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="merged-title">
      <h2 id="merged-title">{t('mergedCustomers.title')}</h2>
      <p className="muted small">{t('mergedCustomers.intro')}</p>
      <ul className="merged-list">
        {merged.map((id) => (
          <MergedCustomer key={id} survivor={customerId} merged={id} onDone={onDone} />
        ))}
      </ul>
    </section>
  );
}

/** A record merged into another: the agent is sent on to the survivor, who holds the history. */
export function MergedBanner({ customerId, to, onDone }: { customerId: string; to: MergedInto; onDone?: Done }) {
  const { t } = useTranslation('customer');
  const name = to.name ?? to.customerId;
  return (
    <div className="notice notice-warn merged-banner" role="status">
      <p>
        {t('merged.into', { name })}{' '}
        <Link to={`/customer/${encodeURIComponent(to.customerId)}`}>{t('merged.open', { name })}</Link>
      </p>
      {onDone && (
        // The banner names the top survivor; when this record was merged into another on the way,
        // the API says so and the undo belongs on that customer's page.
        <ConfirmedCommand
          label={t('mergedCustomers.undoBeside')}
          question={t('mergedCustomers.undoBesideQuestion', { name })}
          confirm={t('mergedCustomers.undoConfirm')}
          path={unmerges(to.customerId)}
          body={{ mergedCustomerId: customerId }}
          onDone={onDone}
        />
      )}
    </div>
  );
}
