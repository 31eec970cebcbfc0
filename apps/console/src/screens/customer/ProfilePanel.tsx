// The narrow column: profile, consent per channel and purpose, account manager, totals.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView } from '../../api/types';
import { CONSENT_PURPOSES } from '../../api/vocabulary';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../format/format';

/** `children`: what the agent may change (the maintain panel), below the profile. */
export function ProfilePanel({ view, children }: { view: CustomerView; children?: ReactNode }) {
  const { t, i18n } = useTranslation('customer');
  const language = i18n.language;
  const profile = view.profile;
  const rows: [string, string | null][] = [
    ['email', profile.email],
    ['phone', profile.phone],
    ['city', [profile.city, profile.country].filter(Boolean).join(', ') || null],
    ['birthDate', profile.birthDate ? formatDate(`${profile.birthDate}T12:00:00Z`, language) : null],
    ['registeredAt', formatDate(view.registeredAt, language)],
    ['preferredChannel', view.preferredChannel ? t(`channels.${view.preferredChannel}`) : null],
  ];
  const consentChannels = [...new Set(Object.keys(view.consent).map((key) => key.split(':')[0]))];
  const money = (amount: number) => formatMoney(amount, view.currency, language);

  return (
    <aside className="column-narrow" aria-label={t('profile.title')}>
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('profile.title')}</h2>
        <dl className="facts">
          {rows.map(([name, value]) => (
            <div key={name} className="fact">
              <dt>{t(`profile.${name}`)}</dt>
              <dd dir="auto">{value ?? '—'}</dd>
            </div>
          ))}
          <div className="fact">
            <dt>{t('profile.accountManager')}</dt>
            <dd dir="ltr">{view.accountManagerId ?? t('profile.noAccountManager')}</dd>
          </div>
        </dl>
      </section>
      {children}

      <section className="panel" aria-labelledby="consent-title">
        <h2 id="consent-title">{t('consent.title')}</h2>
        {consentChannels.length === 0 ? (
          <p className="muted">{t('consent.none')}</p>
        ) : (
          <table className="consent-grid">
            <thead>
              <tr>
                <th scope="col">{t('consent.channel')}</th>
                {CONSENT_PURPOSES.map((purpose) => (
                  <th key={purpose} scope="col">
                    {t(`consent.purposes.${purpose}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {consentChannels.map((channel) => (
                <tr key={channel}>
                  <th scope="row">{t(`channels.${channel}`)}</th>
                  {CONSENT_PURPOSES.map((purpose) => {
                    const entry = view.consent[`${channel}:${purpose}`];
                    return (
                      <td key={purpose} title={entry ? formatDateTime(entry.at, language) : undefined}>
                        {entry
                          ? entry.status === 'given'
                            ? `✓ ${t('consent.given')}`
                            : `✗ ${t('consent.withdrawn')}`
                          : '—'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="totals-title">
        <h2 id="totals-title">{t('totals.title')}</h2>
        <dl className="facts">
          <div className="fact">
            <dt>{t('totals.purchases')}</dt>
            <dd>{formatNumber(view.totals.purchases, language)}</dd>
          </div>
          <div className="fact">
            <dt>{t('totals.spend')}</dt>
            <dd>{money(view.totals.spend)}</dd>
          </div>
          <div className="fact">
            <dt>{t('totals.returns')}</dt>
            <dd>{money(view.totals.returns)}</dd>
          </div>
          <div className="fact">
            <dt>{t('totals.lifetimeValue')}</dt>
            <dd>{money(view.lifetimeValue)}</dd>
          </div>
          <div className="fact">
            <dt>{t('totals.resolvedComplaints')}</dt>
            <dd>{formatNumber(view.resolvedComplaintsCount, language)}</dd>
          </div>
          <div className="fact">
            <dt>{t('totals.lastContact')}</dt>
            <dd>{view.lastContactAt ? formatDateTime(view.lastContactAt, language) : '—'}</dd>
          </div>
        </dl>
      </section>
    </aside>
  );
}
