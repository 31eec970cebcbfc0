// A person of the directory as GET /admin/users lists them (libs/queries users-directory).
import type { STAFF_ROLES } from '../../api/vocabulary';

export interface DirectoryUser {
  userId: string;
  /** null once the person's personal data was erased. */
  name: string | null;
  email: string | null;
  roles: (typeof STAFF_ROLES)[number][];
  team: string | null;
  active: boolean;
  addedAt: string;
  deactivatedAt: string | null;
}
