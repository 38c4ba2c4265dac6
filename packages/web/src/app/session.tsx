import type { Permission, Session, SessionUser } from '@servicebay/contracts';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { fetchSession, sessionKey } from '../api/auth';
import { setDisplayTimeZone } from '../components/DateText';
import { ErrorState, FullPageSpinner } from '../components/PageState';

let expired = false;

/** Remembers that the session ended by itself (401), so the login page can say so once. */
export function markSessionExpired() {
  expired = true;
}

export function takeSessionExpired(): boolean {
  const value = expired;
  expired = false;
  return value;
}

export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, gcTime: Infinity });
}

/** The logged-in session; only inside <RequireAuth>. */
export function useSession(): Session {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession outside RequireAuth');
  return data;
}

export function useUser(): SessionUser {
  return useSession().user;
}

export function hasPermission(user: SessionUser | null | undefined, permission: Permission): boolean {
  return !!user && user.permissions.includes(permission);
}

export function useCan(permission: Permission): boolean {
  const { data } = useSessionQuery();
  return hasPermission(data?.user, permission);
}

export type LoginLocationState = { from?: string };

export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <FullPageSpinner />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const state: LoginLocationState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  // Set before the pages render (idempotent), so their times are in the dealer's zone from the start.
  setDisplayTimeZone(session.data.user.dealer?.timeZone);
  return <>{children}</>;
}
