import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

// Numbered, immutable once landed. Add new files here in order.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
