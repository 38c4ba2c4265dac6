import { useRef } from 'react';
import { newIdempotencyKey } from '../../api/client';

/**
 * One Idempotency-Key per submission: retrying the same payload (after a network error or a
 * double tap) reuses the key so the server runs it once; a changed payload gets a new key.
 */
export function useIdempotencyKey() {
  const current = useRef<{ key: string; payload: string } | null>(null);
  return {
    keyFor(payload: unknown): string {
      const serialized = JSON.stringify(payload);
      if (!current.current || current.current.payload !== serialized) {
        current.current = { key: newIdempotencyKey(), payload: serialized };
      }
      return current.current.key;
    },
    /** The submission went through: the next one is a new submission. */
    reset() {
      current.current = null;
    },
  };
}
