// "New campaign" on the campaigns screen, for those who may write (POST /campaigns). The list is
// read again until the new campaign is in it: GET /campaigns takes no minPosition, and the read
// model follows the log within moments.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../api/client';
import { CommandForm } from '../../forms/CommandForm';
import { LAUNCH_CAMPAIGN_FORM } from '../../forms/customer-specs';

/** The campaign a launch was about: its stream is `campaign-<id>`. */
export const campaignOf = (result: CommandResult): string => result.streamId.replace(/^campaign-/, '');

export function LaunchCampaign({ onLaunched }: { onLaunched: (campaignId: string) => void }) {
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
            onLaunched(campaignOf(result));
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
