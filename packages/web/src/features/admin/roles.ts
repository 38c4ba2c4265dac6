import type { Role } from '@servicebay/contracts';
import i18n from '../../i18n';

type Translate = (key: string) => string;

/** A role's name in the user's language (the same labels as everywhere else). */
export function roleLabel(role: Role): string {
  const key = `complaints.roles.${role}`;
  return i18n.exists(key) ? (i18n.t as unknown as Translate)(key) : role;
}
