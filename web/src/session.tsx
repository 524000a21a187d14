import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, call, setCsrfToken, setUnauthorizedHandler } from './api/client.ts';
import type { Me } from './api/types.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'logged-out' }
  | { status: 'signed-in'; me: Me };

interface SessionApi {
  state: SessionState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Re-read GET /me (after a change of one's own rights). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const signIn = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
  }, []);

  const signOut = useCallback(
    (reason?: 'expired' | 'logged-out') => {
      setCsrfToken(undefined);
      // Person data of the previous session must not stay in memory for the next user.
      queryClient.clear();
      setState({ status: 'signed-out', reason });
    },
    [queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      signIn((await call<Me>('me', { quiet401: true })).data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) signOut();
      else throw error;
    }
  }, [signIn, signOut]);

  useEffect(() => {
    setUnauthorizedHandler(() => signOut('expired'));
    refresh().catch(() => setState({ status: 'signed-out' }));
    return () => setUnauthorizedHandler(undefined);
  }, [refresh, signOut]);

  const api = useMemo<SessionApi>(
    () => ({
      state,
      refresh,
      async login(username, password) {
        const { data } = await call<Me>('login', { body: { username, password }, quiet401: true });
        queryClient.clear();
        signIn(data);
      },
      async logout() {
        try {
          await call('logout', { quiet401: true });
        } finally {
          signOut('logged-out');
        }
      },
    }),
    [state, refresh, signIn, signOut, queryClient],
  );
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in caller; only for components under the signed-in layout. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a session');
  return state.me;
}
