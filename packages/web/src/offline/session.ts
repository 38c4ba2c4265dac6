// The session last seen on this device, so that the app opens when the server cannot be reached.
import type { Session } from '@servicebay/contracts';
import { idbDelete, idbGet, idbPut } from './idb';

const SESSION_KEY = 'session';

/** The session without its CSRF token (a write needs a fresh one from the server anyway). */
export function rememberSession(session: Session) {
  void idbPut('cache', SESSION_KEY, { savedAt: new Date().toISOString(), value: { ...session, csrfToken: '' } }).catch(() => undefined);
}

export async function rememberedSession(): Promise<Session | null> {
  const kept = await idbGet<{ value: Session }>('cache', SESSION_KEY).catch(() => undefined);
  return kept?.value ?? null;
}

export function forgetSession() {
  void idbDelete('cache', SESSION_KEY).catch(() => undefined);
}
