import type { Session } from '@servicebay/contracts';
import { ApiError, api, apiRequest } from './client';

export const sessionKey = ['session'] as const;

/** The current session, or null when not logged in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await apiRequest<Session>('/auth/session', { skipAuthRedirect: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function login(input: { login: string; password: string }): Promise<Session> {
  return apiRequest<Session>('/auth/login', { method: 'POST', body: input, skipAuthRedirect: true });
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined);
}
