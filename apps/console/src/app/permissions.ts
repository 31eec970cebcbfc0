// Who may see what: the signed-in key's role and permissions come from GET /auth/me.
import { createContext, useContext } from 'react';
import type { Me, Permission } from '../api/types';

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in shell');
  return me;
}

export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}
