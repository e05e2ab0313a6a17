import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StoredSession, WorkstationHost } from '../../../app/contracts/host';
import type { LoginResponse } from '../../../app/sync/api';
import { createApiClient, type ApiClient } from './client';
import { queryKeys } from './query-keys';

export interface SessionContextValue {
  readonly host: WorkstationHost;
  readonly client: ApiClient;
  readonly session: StoredSession | null;
  /** Why the user is back at the login page, when it was not their choice. */
  readonly notice: string | null;
  signIn(response: LoginResponse): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

// setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once.
const MAX_TIMEOUT_MS = 2_147_483_647;

export function SessionProvider(props: {
  host: WorkstationHost;
  baseUrl: string;
  initialSession: StoredSession | null;
  children: ReactNode;
}) {
  const { host, baseUrl } = props;
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(props.initialSession);
  const [notice, setNotice] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(props.initialSession?.token ?? null);

  const clearLocal = useCallback(
    async (why: string | null) => {
      tokenRef.current = null;
      setSession(null);
      setNotice(why);
      queryClient.clear();
      await host.saveSession(null);
    },
    [host, queryClient],
  );

  const client = useMemo(
    () =>
      createApiClient({
        baseUrl,
        getToken: () => tokenRef.current,
        onUnauthorized: () => void clearLocal('登录已过期，请重新登录'),
      }),
    [baseUrl, clearLocal],
  );

  const signIn = useCallback(
    async (response: LoginResponse) => {
      const stored: StoredSession = { token: response.token, expiresAt: response.expiresAt, userId: response.user.id };
      await host.saveSession(stored);
      tokenRef.current = stored.token;
      queryClient.setQueryData(queryKeys.me, response.user);
      setNotice(null);
      setSession(stored);
    },
    [host, queryClient],
  );

  const signOut = useCallback(async () => {
    await client.logout(); // best effort: the local session goes away even if the platform is unreachable
    await clearLocal(null);
  }, [client, clearLocal]);

  useEffect(() => {
    if (session === null) return;
    const remaining = Date.parse(session.expiresAt) - Date.now();
    if (!Number.isFinite(remaining) || remaining > MAX_TIMEOUT_MS) return;
    const timer = window.setTimeout(() => void clearLocal('登录已过期，请重新登录'), Math.max(0, remaining));
    return () => window.clearTimeout(timer);
  }, [session, clearLocal]);

  const value = useMemo<SessionContextValue>(
    () => ({ host, client, session, notice, signIn, signOut }),
    [host, client, session, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useApiClient(): ApiClient {
  return useSession().client;
}
