import type { CustomerHistoryEntry, customerHistoryQuerySchema, OpenCallTask, Page } from '@servicebay/contracts';
import type { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.js';
import type { Database } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { rolesGrant } from '../../platform/rbac.js';
import { scopeOf } from '../../platform/scope.js';
import { presentHistoryEntry, presentOpenCallTask } from './customer-history.presenter.js';
import { createCustomerHistoryRepository } from './customer-history.repository.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './customer-history.rules.js';
import { createCustomersRepository } from './customers.repository.js';

type Deps = { db: Database };
export type CustomerHistoryQuery = z.output<typeof customerHistoryQuerySchema>;

/** The customer log (客户日志, domain.md §9) and the calls still to make, for the 360 page. */
export function createCustomerHistoryService({ db }: Deps) {
  /** A dealer reaches only customers it serves (404 otherwise); the car maker reaches the network's. */
  async function reachable(actor: Actor, customerId: string) {
    authorize(actor, 'customer.read');
    const customer = await createCustomersRepository(db).findById(scopeOf(actor), customerId);
    if (!customer) throw notFound('customer');
  }

  /**
   * Every visit and repair order, appointment, call, complaint, survey and message, newest first.
   * A dealer sees what happened at its own dealership (and messages the network sent); the car maker
   * sees every dealer's, each with the dealer's name.
   */
  async function history(actor: Actor, customerId: string, query: CustomerHistoryQuery): Promise<Page<CustomerHistoryEntry>> {
    const before = decodeHistoryCursor(query.cursor);
    if (before === undefined) throw AppError.field('validation_failed', 'cursor', 'invalid_cursor');
    await reachable(actor, customerId);
    const rows = await createCustomerHistoryRepository(db).list({
      scope: scopeOf(actor),
      customerId,
      kinds: query.kinds,
      before,
      limit: query.limit,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(presentHistoryEntry),
      nextCursor: rows.length > query.limit && last ? encodeHistoryCursor({ at: last.at_key, id: last.id }) : null,
    };
  }

  /** The dealer's open care calls to this customer; none for those who do not make calls or for the car maker. */
  async function openCalls(actor: Actor, customerId: string): Promise<OpenCallTask[]> {
    await reachable(actor, customerId);
    if (!actor.dealerId || !rolesGrant(actor.roles, 'follow_up.work')) return [];
    const rows = await createCustomerHistoryRepository(db).openCallTasks(actor.dealerId, customerId);
    return rows.map(presentOpenCallTask);
  }

  return { history, openCalls };
}

export type CustomerHistoryService = ReturnType<typeof createCustomerHistoryService>;
