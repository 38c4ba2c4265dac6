import type { Session } from '@servicebay/contracts';
import { ApiError, apiRequest, setCsrfToken } from './client';

export const sessionKey = ['session'] as const;

/** The current session, or null when not logged in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiRequest<Session>('/auth/session', { skipAuthRedirect: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(input: { login: string; password: string }): Promise<Session> {
  const session = await apiRequest<Session>('/auth/login', { method: 'POST', body: input, skipAuthRedirect: true });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST', skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}
