import type { Session } from '@servicebay/contracts';
import { isUnreachable } from '../offline/queue';
import { forgetSession, rememberedSession, rememberSession } from '../offline/session';
import { ApiError, apiRequest, setCsrfToken } from './client';

export const sessionKey = ['session'] as const;

/** The current session from the server, or null when not logged in. */
export async function fetchLiveSession(): Promise<Session | null> {
  try {
    const session = await apiRequest<Session>('/auth/session', { skipAuthRedirect: true });
    setCsrfToken(session.csrfToken);
    rememberSession(session);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      forgetSession();
      return null;
    }
    throw error;
  }
}

/** The current session; with the server out of reach, the one last seen on this device (the reception works offline). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await fetchLiveSession();
  } catch (error) {
    const kept = isUnreachable(error) ? await rememberedSession() : null;
    if (kept) return kept;
    throw error;
  }
}

export async function login(input: { login: string; password: string }): Promise<Session> {
  const session = await apiRequest<Session>('/auth/login', { method: 'POST', body: input, skipAuthRedirect: true });
  setCsrfToken(session.csrfToken);
  rememberSession(session);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST', skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
    forgetSession();
  }
}
