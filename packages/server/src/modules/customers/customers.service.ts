import { type CustomerSummary, type customerInputSchema, type customerPatchSchema, formatPlate } from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { localDate } from '../../platform/dealer-time.js';
import { AppError, notFound, versionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDateWithin } from '../../platform/input-window.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { scopeOf } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { createTimelineRepository } from '../timeline/timeline.repository.js';
import { contactViewOf, presentCustomer, presentTimelineEvent, viewMobile } from './customers.presenter.js';
import { type CustomerRow, createCustomersRepository } from './customers.repository.js';
import { isEmptyPlan, planSearch } from './customers.rules.js';

type Deps = { db: Database; clock: Clock };
export type CustomerCreate = z.output<typeof customerInputSchema>;
export type CustomerPatch = z.output<typeof customerPatchSchema>;

export function createCustomersService({ db, clock }: Deps) {
  async function get(actor: Actor, id: string) {
    authorize(actor, 'customer.read');
    const row = await createCustomersRepository(db).findById(scopeOf(actor), id);
    if (!row) throw notFound('customer');
    return presentCustomer(row, contactViewOf(actor));
  }

  async function list(actor: Actor, query: { cursor?: string; limit: number }) {
    authorize(actor, 'customer.read');
    const rows = await createCustomersRepository(db).listPage(scopeOf(actor), decodeCursor(query.cursor), query.limit);
    const page = toPage(rows, query.limit);
    return { items: page.items.map((r) => presentCustomer(r, contactViewOf(actor))), nextCursor: page.nextCursor };
  }

  /** The search box: name, mobile or its last 4, plate (any part, any width or case), VIN or its last 6. */
  async function search(actor: Actor, q: string, limit = 50): Promise<CustomerSummary[]> {
    authorize(actor, 'customer.read');
    const plan = planSearch(q);
    if (isEmptyPlan(plan)) return [];
    const today = localDate(clock.now(), actor.timeZone);
    const rows = await createCustomersRepository(db).search(scopeOf(actor), plan, limit, today);
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      mobile: viewMobile(c.mobile, contactViewOf(actor)),
      city: c.city,
      matchedBy: c.reasons,
      vehicles: c.vehicles.map((v) => ({
        id: v.id,
        plate: formatPlate(v.plateKey),
        vin: v.vin,
        modelName: v.modelName,
        openCampaigns: v.openCampaigns,
      })),
    }));
  }

  async function create(actor: Actor, input: CustomerCreate) {
    authorize(actor, 'customer.write');
    const now = clock.now();
    if (input.birthday) requireDateWithin('birthday', input.birthday, localDate(now, actor.timeZone), { daysAhead: 0 });
    return inTransaction(db, async (tx) => {
      const repo = createCustomersRepository(tx);
      if (await repo.findByMobile(actor.networkId, input.mobile)) {
        throw AppError.field('mobile_taken', 'mobile', 'taken', 'a customer with this mobile number already exists');
      }
      const row = await repo.insert({
        id: newId(),
        network_id: actor.networkId,
        name: input.name,
        mobile: input.mobile,
        kind: input.kind,
        gender: input.gender,
        birthday: input.birthday ?? null,
        email: input.email ?? null,
        city: input.city ?? null,
        address: input.address ?? null,
        notes: input.notes ?? null,
        consent: input.consent,
        consent_updated_at: now,
        created_at: now,
        updated_at: now,
      });
      if (actor.dealerId) await repo.linkDealer(actor.dealerId, row.id, 'created', clock.now());
      await createTimelineRepository(tx).record([
        {
          networkId: actor.networkId,
          customerId: row.id,
          dealerId: actor.dealerId,
          kind: 'customer.created',
          actorUserId: actor.userId,
          occurredAt: now,
        },
      ]);
      await recordAudit(
        tx,
        actor,
        { action: 'customer.created', entityType: 'customer', entityId: row.id, after: presentCustomer(row, 'full') },
        now,
      );
      return presentCustomer(row, contactViewOf(actor));
    });
  }

  async function update(actor: Actor, id: string, patch: CustomerPatch) {
    authorize(actor, 'customer.write');
    const now = clock.now();
    if (patch.birthday) requireDateWithin('birthday', patch.birthday, localDate(now, actor.timeZone), { daysAhead: 0 });
    return inTransaction(db, async (tx) => {
      const repo = createCustomersRepository(tx);
      const before = await repo.findById(scopeOf(actor), id);
      if (!before) throw notFound('customer');
      if (before.version !== patch.version) throw versionConflict(before.version);
      const { version, ...fields } = patch;
      const changes = changedFields(before, fields);
      if (Object.keys(changes).length === 0) return presentCustomer(before, contactViewOf(actor));
      if (changes.mobile && (await repo.findByMobile(actor.networkId, changes.mobile))) {
        throw AppError.field('mobile_taken', 'mobile', 'taken', 'a customer with this mobile number already exists');
      }
      const consentChanged = changes.consent !== undefined;
      const after = await repo.update(id, version, { ...changes, updated_at: now, ...(consentChanged ? { consent_updated_at: now } : {}) });
      if (!after) throw versionConflict(before.version + 1);
      await createTimelineRepository(tx).record([
        {
          networkId: actor.networkId,
          customerId: id,
          dealerId: actor.dealerId,
          kind: consentChanged ? 'customer.consent_changed' : 'customer.updated',
          data: { fields: Object.keys(changes), ...(consentChanged ? { consent: changes.consent } : {}) },
          actorUserId: actor.userId,
          occurredAt: now,
        },
      ]);
      await recordAudit(
        tx,
        actor,
        {
          action: 'customer.updated',
          entityType: 'customer',
          entityId: id,
          before: presentCustomer(before, 'full'),
          after: presentCustomer(after, 'full'),
        },
        now,
      );
      return presentCustomer(after, contactViewOf(actor));
    });
  }

  async function timeline(actor: Actor, id: string, query: { cursor?: string; limit: number }) {
    await get(actor, id);
    const rows = await createTimelineRepository(db).listForCustomer(id, scopeOf(actor), decodeCursor(query.cursor), query.limit);
    const page = toPage(rows, query.limit);
    return { items: page.items.map(presentTimelineEvent), nextCursor: page.nextCursor };
  }

  return { get, list, search, create, update, timeline };
}

export type CustomersService = ReturnType<typeof createCustomersService>;

function changedFields(before: CustomerRow, fields: Omit<CustomerPatch, 'version'>) {
  const changes: Partial<CustomerRow> = {};
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
    if (value === undefined) continue;
    const column = key as keyof CustomerRow;
    if (!sameValue(before[column], value)) {
      (changes as Record<string, unknown>)[column] = value;
    }
  }
  return changes;
}

/** Equal as data: objects compare key by key whatever their key order (jsonb does not keep it). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
