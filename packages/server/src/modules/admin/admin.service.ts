import type { ApiToken, Dealer, DealerCreate, DealerPatch, StaffCreate, StaffPatch, StaffUser } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { ActorCache } from '../../platform/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../platform/passwords.js';
import { scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import type { BookingCache } from '../appointments/appointments.capacity.js';
import { addUser } from '../auth/add-user.js';
import { presentDealer } from '../network/network.presenter.js';
import { presentApiToken, presentStaffUser } from './admin.presenter.js';
import { createAdminRepository, type StaffScope } from './admin.repository.js';
import { isTimeZone, openingHoursProblem, removesOwnAdminRole, roleNotAllowed } from './admin.rules.js';

/** The process's caches of who a session is and of each dealer's roster, which a change of staff makes stale. */
type Deps = { db: Database; clock: Clock; actors?: Pick<ActorCache, 'invalidate'>; bookingCache?: Pick<BookingCache, 'invalidate'> };

/**
 * Staff, API tokens and dealers. A dealer admin reaches only their dealer's users (anyone else's is
 * 404); the car maker's admin reaches the car maker's users and every dealer's of the network.
 */
export function createAdminService({ db, clock, actors, bookingCache }: Deps) {
  /** Called inside the change's transaction and again once it has committed (see `BookingCache`). */
  function forgetUser(user: { id: string; dealer_id: string | null }) {
    actors?.invalidate(user.id);
    if (user.dealer_id) bookingCache?.invalidate(user.dealer_id);
  }

  /** The staff an admin works on: their dealer's; the car maker's admin names a dealer or gets the car maker's own. */
  async function staffScopeOf(actor: Actor, dealerId: string | null | undefined): Promise<StaffScope> {
    authorize(actor, 'user.manage');
    if (actor.dealerId !== null) {
      if (dealerId && dealerId !== actor.dealerId) throw notFound('dealer');
      return { kind: 'dealer_staff', networkId: actor.networkId, dealerId: actor.dealerId };
    }
    if (!dealerId) return { kind: 'car_maker_staff', networkId: actor.networkId };
    if (!(await createAdminRepository(db).findDealer(actor.networkId, dealerId))) throw notFound('dealer');
    return { kind: 'dealer_staff', networkId: actor.networkId, dealerId };
  }

  async function loadUser(tx: Database, actor: Actor, id: string) {
    authorize(actor, 'user.manage');
    const row = await createAdminRepository(tx).findUser(scopeOf(actor), id, true);
    if (!row) throw notFound('user');
    return row;
  }

  /** One change of one user, audited, in one transaction; returns the user as it is afterwards. */
  async function changeUser(
    actor: Actor,
    id: string,
    action: string,
    fn: (tx: Database, row: Awaited<ReturnType<typeof loadUser>>, now: Date) => Promise<Record<string, unknown> | void>,
  ): Promise<StaffUser> {
    const now = clock.now();
    let changed: { id: string; dealer_id: string | null } | undefined;
    const user = await inTransaction(db, async (tx) => {
      const row = await loadUser(tx, actor, id);
      const audit = (await fn(tx, row, now)) ?? {};
      changed = row;
      forgetUser(row);
      await recordAudit(tx, actor, { action, entityType: 'user', entityId: id, before: audit.before, after: audit.after }, now);
      return presentStaffUser((await createAdminRepository(tx).findUser(scopeOf(actor), id))!, now);
    });
    if (changed) forgetUser(changed);
    return user;
  }

  return {
    async listUsers(actor: Actor, query: { dealerId?: string; includeDisabled?: 'true' | 'false' }): Promise<StaffUser[]> {
      const scope = await staffScopeOf(actor, query.dealerId);
      const now = clock.now();
      return (await createAdminRepository(db).listUsers(scope, query.includeDisabled === 'true')).map((r) => presentStaffUser(r, now));
    },

    async getUser(actor: Actor, id: string): Promise<StaffUser> {
      authorize(actor, 'user.manage');
      const row = await createAdminRepository(db).findUser(scopeOf(actor), id);
      if (!row) throw notFound('user');
      return presentStaffUser(row, clock.now());
    },

    /** The same use-case as `servicebay user add`: 409 when the login is taken, dealer roles only for dealer staff. */
    async createUser(actor: Actor, input: StaffCreate): Promise<StaffUser> {
      const scope = await staffScopeOf(actor, input.dealerId);
      const now = clock.now();
      const id = await addUser(
        db,
        {
          networkId: scope.networkId,
          dealerId: scope.kind === 'dealer_staff' ? scope.dealerId : null,
          login: input.login,
          displayName: input.displayName,
          password: input.password,
          roles: input.roles,
          locale: input.locale,
        },
        now,
        actor,
      );
      if (scope.kind === 'dealer_staff') bookingCache?.invalidate(scope.dealerId);
      return presentStaffUser((await createAdminRepository(db).findUser(scopeOf(actor), id))!, now);
    },

    updateUser(actor: Actor, id: string, patch: StaffPatch) {
      return changeUser(actor, id, 'user.updated', async (tx, row, now) => {
        if (patch.roles) {
          const wrong = roleNotAllowed(patch.roles, row.dealer_id);
          if (wrong)
            throw AppError.field(
              'validation_failed',
              'roles',
              'role_not_allowed',
              `${wrong} is not a ${row.dealer_id ? 'dealer' : 'car-maker'} role`,
            );
          if (removesOwnAdminRole(actor, id, patch.roles))
            throw AppError.field('self_lockout', 'roles', 'own_admin_role', 'you cannot remove your own admin role');
        }
        const roles = patch.roles ? [...new Set(patch.roles)] : undefined;
        await createAdminRepository(tx).updateUser(id, {
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(roles ? { roles } : {}),
          updated_at: now,
        });
        return {
          before: { displayName: row.display_name, roles: row.roles },
          after: { displayName: patch.displayName ?? row.display_name, roles: roles ?? row.roles },
        };
      });
    },

    /** A disabled user cannot log in; their sessions end now and their API tokens stop working. */
    disableUser(actor: Actor, id: string) {
      return changeUser(actor, id, 'user.disabled', async (tx, row, now) => {
        if (id === actor.userId) throw new AppError('self_lockout', { detail: 'you cannot disable your own account' });
        if (row.disabled_at) return;
        const repo = createAdminRepository(tx);
        await repo.updateUser(id, { disabled_at: now, updated_at: now });
        await repo.deleteSessionsOf(id);
        return { after: { disabledAt: now.toISOString() } };
      });
    },

    enableUser(actor: Actor, id: string) {
      return changeUser(actor, id, 'user.enabled', async (tx, row, now) => {
        if (!row.disabled_at) return;
        await createAdminRepository(tx).updateUser(id, { disabled_at: null, updated_at: now });
        return { before: { disabledAt: new Date(row.disabled_at).toISOString() } };
      });
    },

    /** A new password set by the admin; the user's sessions end and any lock is lifted. The password is never audited. */
    async resetPassword(actor: Actor, id: string, password: string) {
      const hash = await hashPassword(password);
      return changeUser(actor, id, 'user.password_reset', async (tx, _row, now) => {
        const repo = createAdminRepository(tx);
        await repo.updateUser(id, { password_hash: hash, failed_login_count: 0, locked_until: null, updated_at: now });
        await repo.deleteSessionsOf(id);
      });
    },

    unlockUser(actor: Actor, id: string) {
      return changeUser(actor, id, 'user.unlocked', async (tx, row, now) => {
        await createAdminRepository(tx).updateUser(id, { failed_login_count: 0, locked_until: null, updated_at: now });
        return { before: { lockedUntil: row.locked_until ? new Date(row.locked_until).toISOString() : null } };
      });
    },

    async listTokens(actor: Actor): Promise<ApiToken[]> {
      const scope = await staffScopeOf(actor, undefined);
      return (await createAdminRepository(db).listTokens(scope)).map(presentApiToken);
    },

    /** Revoking twice changes nothing; a token of another dealer is 404. */
    async revokeToken(actor: Actor, id: string): Promise<ApiToken> {
      const scope = await staffScopeOf(actor, undefined);
      const now = clock.now();
      let userId: string | undefined;
      const revoked = await inTransaction(db, async (tx) => {
        const repo = createAdminRepository(tx);
        const token = await repo.findToken(scope, id);
        if (!token) throw notFound('API token');
        if (!token.revoked_at) {
          await repo.revokeToken(id, now);
          userId = token.user_id;
          actors?.invalidate(userId);
          await recordAudit(
            tx,
            actor,
            { action: 'api_token.revoked', entityType: 'api_token', entityId: id, after: { name: token.name, userId: token.user_id } },
            now,
          );
        }
        return presentApiToken((await repo.findToken(scope, id))!);
      });
      if (userId) actors?.invalidate(userId);
      return revoked;
    },

    async createDealer(actor: Actor, input: DealerCreate): Promise<Dealer> {
      authorize(actor, 'network.manage');
      if (!isTimeZone(input.timeZone)) throw AppError.field('validation_failed', 'timeZone', 'invalid_time_zone', 'unknown time zone');
      const hoursProblem = openingHoursProblem(input.openingHours);
      if (hoursProblem)
        throw AppError.field('validation_failed', 'openingHours.closesAt', hoursProblem, 'the dealer must open before it closes');
      const now = clock.now();
      return inTransaction(db, async (tx) => {
        const repo = createAdminRepository(tx);
        if (await repo.findDealerByCode(actor.networkId, input.code))
          throw AppError.field('dealer_code_taken', 'code', 'taken', `dealer code ${input.code} is taken`);
        const id = newId();
        await repo.insertDealer({
          id,
          network_id: actor.networkId,
          code: input.code,
          name: input.name,
          grade: input.grade,
          city: input.city,
          region: input.region,
          time_zone: input.timeZone,
          opens_at: input.openingHours.opensAt,
          closes_at: input.openingHours.closesAt,
          phone: null,
          created_at: now,
        });
        const dealer = presentDealer((await repo.findDealer(actor.networkId, id))!);
        await recordAudit(tx, actor, { action: 'dealer.created', entityType: 'dealer', entityId: id, after: dealer }, now);
        return dealer;
      });
    },

    async updateDealer(actor: Actor, id: string, patch: DealerPatch): Promise<Dealer> {
      authorize(actor, 'network.manage');
      const now = clock.now();
      const updated = await inTransaction(db, async (tx) => {
        const repo = createAdminRepository(tx);
        const row = await repo.findDealer(actor.networkId, id);
        if (!row) throw notFound('dealer');
        const before = presentDealer(row);
        const hours = patch.openingHours ?? before.openingHours;
        const hoursProblem = openingHoursProblem(hours);
        if (hoursProblem)
          throw AppError.field('validation_failed', 'openingHours.closesAt', hoursProblem, 'the dealer must open before it closes');
        await repo.updateDealer(actor.networkId, id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.grade !== undefined ? { grade: patch.grade } : {}),
          ...(patch.city !== undefined ? { city: patch.city } : {}),
          ...(patch.region !== undefined ? { region: patch.region } : {}),
          ...(patch.openingHours ? { opens_at: hours.opensAt, closes_at: hours.closesAt } : {}),
        });
        bookingCache?.invalidate(id);
        const after = presentDealer((await repo.findDealer(actor.networkId, id))!);
        await recordAudit(tx, actor, { action: 'dealer.updated', entityType: 'dealer', entityId: id, before, after }, now);
        return after;
      });
      bookingCache?.invalidate(id);
      return updated;
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
