// A person of the directory as GET /admin/users lists them: the server's own type, imported
// type-only.
export type { DirectoryAnswer, DirectoryUser } from '@ledger/queries/api';
