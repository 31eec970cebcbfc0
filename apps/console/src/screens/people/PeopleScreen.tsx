// The directory for admins: who may sign in, with their roles, team and whether they are
// active; add a person, and open one to change roles or team, deactivate or reactivate them,
// or set a password. Every change is a command; the list is read again at its position, so
// what the admin just did is on screen when the form says "Saved".
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CommandResult } from '../../api/client';
import { STAFF_ROLES } from '../../api/vocabulary';
import { ADD_USER_FORM } from '../../forms/admin-specs';
import { CommandForm } from '../../forms/CommandForm';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import '../dashboard/analytics.css';
import './admin.css';
import { PersonPanel } from './PersonPanel';
import type { DirectoryUser } from './people-types';

export default function PeopleScreen() {
  const { t } = useTranslation('people');
  // The position of the admin's latest change: the list waits until it includes it.
  const [position, setPosition] = useState<number | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  // Filtered by the API (a call centre has dozens of agents): one role, active or not.
  const [role, setRole] = useState('');
  const [active, setActive] = useState('');
  const users = useQuery({
    queryKey: ['admin-users', position, role, active],
    queryFn: ({ signal }) =>
      api.get<{ items: DirectoryUser[]; total: number }>(
        '/admin/users',
        { minPosition: position, role, active },
        { signal },
      ),
    placeholderData: (previous) => previous,
  });
  const changed = (result: CommandResult) => setPosition(result.position);
  const open = users.data?.items.find((user) => user.userId === openId);

  return (
    <section className="page" aria-labelledby="people-title">
      <header className="page-head">
        <div>
          <h1 id="people-title">{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="people-list-title">
        <h2 id="people-list-title">{t('list.title')}</h2>
        <div className="filters form-row" role="group" aria-label={t('list.filters')}>
          <div className="field">
            <label htmlFor="people-role">{t('list.role')}</label>
            <select id="people-role" value={role} onChange={(event) => setRole(event.target.value)}>
              <option value="">{t('list.anyRole')}</option>
              {STAFF_ROLES.map((name) => (
                <option key={name} value={name}>
                  {t(`roles.${name}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="people-active">{t('list.status')}</label>
            <select id="people-active" value={active} onChange={(event) => setActive(event.target.value)}>
              <option value="">{t('list.anyStatus')}</option>
              <option value="true">{t('list.active')}</option>
              <option value="false">{t('list.deactivated')}</option>
            </select>
          </div>
        </div>
        {users.error && <ErrorNotice error={users.error} onRetry={() => void users.refetch()} />}
        {!users.data && !users.error && <Loading />}
        {users.data && users.data.items.length === 0 && (
          <p className="muted">{role || active ? t('list.noMatch') : t('list.empty')}</p>
        )}
        {users.data && users.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="data-table" data-testid="people">
              <thead>
                <tr>
                  <th scope="col">{t('list.name')}</th>
                  <th scope="col">{t('list.email')}</th>
                  <th scope="col">{t('list.roles')}</th>
                  <th scope="col">{t('list.team')}</th>
                  <th scope="col">{t('list.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('list.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.userId} data-testid={`person-${user.email ?? user.userId}`}>
                    <th scope="row">{user.name ?? t('list.erased')}</th>
                    <td dir="ltr">{user.email ?? '–'}</td>
                    <td>{user.roles.map((role) => t(`roles.${role}`)).join(t('list.separator'))}</td>
                    <td>{user.team ?? <span className="muted">–</span>}</td>
                    <td>
                      <span className={user.active ? 'chain-ok' : 'chain-broken'}>
                        {user.active ? t('list.active') : t('list.deactivated')}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={openId === user.userId}
                        aria-controls="person-panel"
                        onClick={() => setOpenId(openId === user.userId ? null : user.userId)}
                      >
                        {t('list.manage')}
                        <span className="visually-hidden"> {user.name ?? user.userId}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open && <PersonPanel key={open.userId} user={open} onChanged={changed} onClose={() => setOpenId(null)} />}
      <section className="panel" aria-labelledby="add-person-title">
        <h2 id="add-person-title">{t('add.title')}</h2>
        <p className="muted">{t('add.explain')}</p>
        <CommandForm spec={ADD_USER_FORM} onDone={changed} />
      </section>
    </section>
  );
}
