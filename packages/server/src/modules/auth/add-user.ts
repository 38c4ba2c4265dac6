import { DEALER_ROLES, OEM_ROLES, type Role } from '@servicebay/contracts';
import { type Actor, authorize, NETWORK_TIME_ZONE } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../platform/passwords.js';
import { inTransaction } from '../../platform/transaction.js';
import { createAuthRepository } from './auth.repository.js';

// One use-case of its own (Documenso's `create-user.ts`): the CLI, the seed and the admin API add staff through it.

export type NewUser = {
  networkId: string;
  dealerId: string | null;
  login: string;
  displayName: string;
  password: string;
  roles: Role[];
  locale?: 'zh-CN' | 'en';
};

/** Used by `servicebay user add`, the seed and the admin API. Dealer roles need a dealer; car-maker roles must not have one. */
export async function addUser(db: Database, user: NewUser, now: Date, actor?: Actor): Promise<string> {
  if (actor) authorize(actor, 'user.manage');
  if (user.password.length < 8) throw AppError.field('validation_failed', 'password', 'too_short', 'at least 8 characters');
  if (user.roles.length === 0) throw AppError.field('validation_failed', 'roles', 'required');
  const allowed: readonly Role[] = user.dealerId ? DEALER_ROLES : OEM_ROLES;
  const wrong = user.roles.find((r) => !allowed.includes(r));
  if (wrong) {
    throw AppError.field(
      'validation_failed',
      'roles',
      'role_not_allowed',
      `${wrong} is not a ${user.dealerId ? 'dealer' : 'car-maker'} role`,
    );
  }
  const id = newId();
  const passwordHash = await hashPassword(user.password);
  await inTransaction(db, async (tx) => {
    const existing = await createAuthRepository(tx).findUserByLogin(user.login);
    if (existing) throw AppError.field('login_taken', 'login', 'taken', `login ${user.login} is taken`);
    await createAuthRepository(tx).insertUser({
      id,
      network_id: user.networkId,
      dealer_id: user.dealerId,
      login: user.login,
      display_name: user.displayName,
      password_hash: passwordHash,
      roles: user.roles,
      locale: user.locale ?? 'zh-CN',
      created_at: now,
      updated_at: now,
    });
    const auditActor: Actor = actor ?? {
      userId: id,
      tokenId: null,
      networkId: user.networkId,
      dealerId: user.dealerId,
      roles: [],
      timeZone: NETWORK_TIME_ZONE,
      requestId: null,
    };
    await recordAudit(
      tx,
      auditActor,
      { action: 'user.created', entityType: 'user', entityId: id, after: { login: user.login, roles: user.roles } },
      now,
    );
  });
  return id;
}
