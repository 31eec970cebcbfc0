// One person opened from the directory: their roles, their team, deactivating or reactivating
// them, and setting a password (which ends their open sessions). Each is its own form with its
// own idempotency key; roles and team start from what the person has now.
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../api/client';
import {
  DEACTIVATE_USER_FORM,
  PASSWORD_FORM,
  REACTIVATE_USER_FORM,
  USER_ROLES_FORM,
  USER_TEAM_FORM,
} from '../../forms/admin-specs';
import { CommandForm } from '../../forms/CommandForm';
import type { DirectoryUser } from './people-types';

interface Props {
  user: DirectoryUser;
  onChanged: (result: CommandResult) => void;
  onClose: () => void;
}

export function PersonPanel({ user, onChanged, onClose }: Props) {
  const { t } = useTranslation('people');
  const context = { userId: user.userId };
  const name = user.name ?? user.userId;
  return (
    <section className="panel person-panel" id="person-panel" aria-labelledby="person-title">
      <div className="panel-head">
        <h2 id="person-title">{t('person.title', { name })}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          {t('person.close')}
        </button>
      </div>
      <div className="admin-grid">
        <section aria-labelledby="person-roles-title">
          <h3 id="person-roles-title">{t('person.roles')}</h3>
          {/* Keyed by the roles held: after a change the form starts from the new ones. */}
          <CommandForm
            key={user.roles.join(',')}
            spec={USER_ROLES_FORM}
            context={context}
            initial={{ roles: user.roles.join(',') }}
            onDone={onChanged}
          />
        </section>
        <section aria-labelledby="person-team-title">
          <h3 id="person-team-title">{t('person.team')}</h3>
          <p className="muted small">{t('person.teamExplain')}</p>
          <CommandForm
            key={user.team ?? ''}
            spec={USER_TEAM_FORM}
            context={context}
            initial={{ team: user.team ?? '' }}
            onDone={onChanged}
          />
        </section>
        <section aria-labelledby="person-access-title">
          <h3 id="person-access-title">{user.active ? t('person.deactivate') : t('person.reactivate')}</h3>
          <p className="muted small">{user.active ? t('person.deactivateExplain') : t('person.reactivateExplain')}</p>
          {user.active ? (
            <CommandForm key="deactivate" spec={DEACTIVATE_USER_FORM} context={context} onDone={onChanged} />
          ) : (
            <CommandForm key="reactivate" spec={REACTIVATE_USER_FORM} context={context} onDone={onChanged} />
          )}
        </section>
        <section aria-labelledby="person-password-title">
          <h3 id="person-password-title">{t('person.password')}</h3>
          <p className="muted small">{t('person.passwordExplain')}</p>
          {/* 204, nothing to read again: the form's "Saved" is the answer. */}
          <CommandForm spec={PASSWORD_FORM} context={context} onDone={() => undefined} />
        </section>
      </div>
    </section>
  );
}
