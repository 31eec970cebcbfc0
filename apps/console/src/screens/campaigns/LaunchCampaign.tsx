// "New campaign" on the campaigns screen, for those who may write (POST /campaigns). The list is
// then read with the launch's position as minPosition, so it has the new campaign.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandForm } from '../../forms/CommandForm';
import { LAUNCH_CAMPAIGN_FORM } from '../../forms/customer-specs';

export function LaunchCampaign({ onLaunched }: { onLaunched: (position: number) => void }) {
  const { t } = useTranslation(['campaigns', 'forms']);
  const [open, setOpen] = useState(false);
  return (
    <section className="panel" aria-labelledby="launch-title">
      <h2 id="launch-title">{t('forms:forms.launchCampaign.title')}</h2>
      {open ? (
        <CommandForm
          spec={LAUNCH_CAMPAIGN_FORM}
          onDone={(result) => {
            setOpen(false);
            onLaunched(result.position);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('launch')}
        </button>
      )}
    </section>
  );
}
