// The directory as single sign-on sees it: the person the provider vouches for is added (when
// provisioning is on) or has their roles brought in line with the mapped claim, at sign-in and at
// each later check. These changes are events by `oidc:<provider host>`: the provider's word
// changed the directory, not an admin and not the person.
import { randomBytes } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { CommandExecutor } from '@ledger/commands';
import type { StaffRole, UserCommand } from '@ledger/domain';
import { RefusedRequest, normalizeEmail } from '@ledger/http';
import { Directory, type Person } from './directory';
import { type Claims, displayNameOf, rolesFromClaims } from './oidc-claims';
import { OidcClient } from './oidc-client';

const sameRoles = (a: readonly StaffRole[], b: readonly StaffRole[]): boolean =>
  a.length === b.length && a.every((role) => b.includes(role));

@Injectable()
export class OidcDirectory {
  constructor(
    private readonly client: OidcClient,
    private readonly directory: Directory,
    /** Absent on the query and audit services (no command side): they cannot change the directory. */
    @Optional() private readonly executor?: CommandExecutor,
  ) {}

  /** The person as the directory has them after this sign-in: added, or their roles brought in line. */
  async signingIn(userId: string, email: string | null, claims: Claims): Promise<Person> {
    const settings = this.client.enabled;
    const roles = rolesFromClaims(claims, settings);
    if (settings.rolesClaim && roles.length === 0) {
      throw new RefusedRequest(
        403,
        'SSO_NO_ROLE',
        `the provider's '${settings.rolesClaim}' claim maps to no role of the CRM (CRM_OIDC_ROLE_MAP)`,
        settings.rolesClaim,
      );
    }
    const person = await this.directory.person(userId);
    if (!person) {
      if (!settings.provision || !email) {
        throw new RefusedRequest(
          403,
          'SSO_NOT_IN_DIRECTORY',
          'this person is not in the directory: an admin adds them (or turns CRM_OIDC_PROVISION on)',
          'email',
        );
      }
      const data = { userId, name: displayNameOf(claims, email), email: normalizeEmail(email), roles };
      await this.record({ type: 'AddUser', data }, `oidc-add-${userId}`);
    } else if (!person.active) {
      throw new RefusedRequest(
        403,
        'SSO_USER_DEACTIVATED',
        'this person has been deactivated in the directory',
        'email',
      );
    } else if (settings.rolesClaim && !sameRoles(roles, person.roles)) {
      await this.record({ type: 'ChangeUserRoles', data: { userId, roles } });
    }
    return (await this.directory.person(userId)) as Person;
  }

  /**
   * At a session's check: the roles follow the provider's claim as it is now. False when the claim
   * maps to no role any more (the session ends, as a sign-in would be refused), and on a service
   * without the command side when the roles changed: it cannot record them, and must not serve
   * the directory's old ones, so the session ends and the next sign-in (on the command service)
   * records the new roles.
   */
  async stillHasRoles(userId: string, claims: Claims): Promise<boolean> {
    const settings = this.client.enabled;
    if (!settings.rolesClaim) return true;
    const roles = rolesFromClaims(claims, settings);
    if (roles.length === 0) return false;
    const person = await this.directory.person(userId);
    if (!person?.active) return false;
    if (sameRoles(roles, person.roles)) return true;
    if (!this.executor) return false;
    await this.record({ type: 'ChangeUserRoles', data: { userId, roles } });
    return true;
  }

  private async record(command: UserCommand, idempotencyKey?: string): Promise<void> {
    if (!this.executor) {
      throw new RefusedRequest(
        409,
        'SSO_ON_COMMAND_SERVICE',
        'single sign-on changes the directory: sign in through the command service',
        'path',
      );
    }
    await this.executor.execute(command, {
      commandId: idempotencyKey ?? `oidc-${randomBytes(12).toString('hex')}`,
      idempotencyKeyGiven: idempotencyKey !== undefined,
      actor: `oidc:${this.client.enabled.issuer.hostname}`,
      channel: 'sso',
      requestHash: JSON.stringify(command.data),
    });
  }
}
