import { type CallAttempt, type FollowUpTask, formatPlate, type MaintenancePrediction, type WinBackCase } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import type {
  FollowUpAttemptsTable,
  FollowUpTasksTable,
  MaintenancePredictionsTable,
  WinBackCasesTable,
} from '../../platform/db.schema.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import { daysBetween } from '../repair-orders/repair-orders.rules.js';
import { isOverdue } from './follow-up.rules.js';

export type TaskRow = Selectable<FollowUpTasksTable> & {
  customer_name: string;
  customer_mobile: string;
  plate_key: string | null;
  model_name: string | null;
  owner_name: string | null;
};

export function presentTask(row: TaskRow, today: string, view: ContactView, can: FollowUpTask['can']): FollowUpTask {
  return {
    id: row.id,
    rule: row.rule,
    status: row.status,
    anchorOn: row.anchor_on,
    dueFrom: row.due_from,
    dueUntil: row.due_until,
    overdue: isOverdue({ status: row.status, dueUntil: row.due_until }, today),
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: row.vehicle_id && row.plate_key ? { id: row.vehicle_id, plate: formatPlate(row.plate_key), model: row.model_name } : null,
    repairOrderId: row.repair_order_id,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    attempts: row.attempts,
    callBackAt: row.call_back_at?.toISOString() ?? null,
    outcome: row.outcome,
    appointmentId: row.appointment_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    can,
  };
}

export function presentAttempt(row: Selectable<FollowUpAttemptsTable> & { agent_name: string | null }): CallAttempt {
  return {
    id: row.id,
    at: row.at.toISOString(),
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name ?? '' } : null,
    result: row.result,
    reportedKm: row.reported_km,
    servicedElsewhere: row.serviced_elsewhere,
    satisfaction: row.satisfaction,
    dissatisfaction: row.dissatisfaction_category
      ? {
          category: row.dissatisfaction_category as NonNullable<CallAttempt['dissatisfaction']>['category'],
          description: row.dissatisfaction ?? '',
        }
      : null,
    notes: row.notes,
    callBackAt: row.call_back_at?.toISOString() ?? null,
    userName: row.user_name,
    appointmentId: row.appointment_id,
  };
}

export function presentPrediction(row: Selectable<MaintenancePredictionsTable>): MaintenancePrediction {
  return {
    vehicleId: row.vehicle_id,
    lastServiceOn: row.last_service_on,
    lastServiceKm: row.last_service_km,
    dailyKm: row.daily_km === null ? null : Number(row.daily_km),
    readingsUsed: row.readings_used,
    confidence: row.confidence,
    basis: row.basis,
    countedFrom: row.counted_from,
    dueOn: row.due_on,
    dueKm: row.due_km,
    computedAt: row.computed_at.toISOString(),
  };
}

export function presentWinBack(
  row: Selectable<WinBackCasesTable> & { customer_name: string; customer_mobile: string; plate_key: string | null },
  today: string,
  view: ContactView,
): WinBackCase {
  return {
    id: row.id,
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: row.vehicle_id && row.plate_key ? { id: row.vehicle_id, plate: formatPlate(row.plate_key) } : null,
    lastVisitOn: row.last_visit_on,
    daysOverdue: row.due_on ? Math.max(0, daysBetween(row.due_on, today)) : null,
    reason: row.reason,
    reasonSuspected: row.reason_suspected,
    action: row.action,
    costFen: row.cost_fen,
    result: row.result,
    resultOn: row.result_on,
    taskId: row.task_id,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
