import {
  type Complaint,
  type ComplaintDetail,
  type ComplaintEvent,
  ESCALATION_LEVELS,
  formatPlate,
  type Recovery,
} from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import type { ComplaintEventsTable, ComplaintRecoveriesTable } from '../../platform/db.schema.js';
import { type ContactView, viewMobile } from '../customers/customers.presenter.js';
import type { ComplaintRow } from './complaints.repository.js';
import { isOverdue } from './complaints.rules.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function presentComplaint(row: ComplaintRow, now: Date, view: ContactView): Complaint {
  return {
    id: row.id,
    number: row.number,
    dealer: { id: row.dealer_id, code: row.dealer_code, name: row.dealer_name },
    status: row.status,
    channel: row.channel as Complaint['channel'],
    customer: { id: row.customer_id, name: row.customer_name, mobile: viewMobile(row.customer_mobile, view) },
    vehicle: row.vehicle_id && row.plate_key ? { id: row.vehicle_id, plate: formatPlate(row.plate_key), model: row.model_name } : null,
    repairOrder:
      row.repair_order_id && row.ro_number
        ? { id: row.repair_order_id, number: row.ro_number, serviceAdvisor: person(row.ro_sa_id, row.ro_sa_name) }
        : null,
    customerWords: row.customer_words,
    demand: row.demand,
    background: row.background,
    category: row.category as Complaint['category'],
    subcategory: row.subcategory,
    causeClass: row.cause_class,
    severity: row.severity,
    escalatedTo: row.escalated_to,
    firstResponder: person(row.first_responder_id, row.first_responder_name),
    owner: person(row.owner_id, row.owner_name),
    handler: row.handler_id
      ? { id: row.handler_id, name: row.handler_name ?? '', role: row.handler_role as NonNullable<Complaint['handler']>['role'] }
      : null,
    level: ESCALATION_LEVELS[row.level] ?? 'handler',
    receivedAt: row.received_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    feedbackAt: iso(row.feedback_at),
    dueStep: row.due_step,
    dueAt: iso(row.due_at),
    overdue: isOverdue({ status: row.status, dueAt: row.due_at }, now),
    wasOverdue: row.was_overdue,
    carMakerDeadlineAt: iso(row.car_maker_deadline_at),
    verification: row.verification,
    rootCause: row.root_cause,
    solutionPlan: row.solution_plan,
    customerAcceptedAt: iso(row.customer_accepted_at),
    appointmentId: row.appointment_id,
    recoveryCostFen: row.recovery_cost_fen,
    pendingRecoveries: row.pending_recoveries,
    finalSatisfaction: row.final_satisfaction as Complaint['finalSatisfaction'],
    preventable: row.preventable,
    preventionMeasure: row.prevention_measure,
    closedAt: iso(row.closed_at),
    followUpTaskId: row.follow_up_task_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentEvent(row: Selectable<ComplaintEventsTable> & { actor_name: string | null }): ComplaintEvent {
  return {
    id: row.id,
    kind: row.kind as ComplaintEvent['kind'],
    at: row.at.toISOString(),
    actor: person(row.actor_user_id, row.actor_name),
    data: row.data,
  };
}

export function presentRecovery(
  row: Selectable<ComplaintRecoveriesTable> & { requested_by_name: string | null; decided_by_name: string | null },
): Recovery {
  return {
    id: row.id,
    kind: row.kind,
    description: row.description,
    costFen: row.cost_fen,
    status: row.status,
    requestedBy: person(row.requested_by, row.requested_by_name),
    decidedBy: person(row.decided_by, row.decided_by_name),
    decidedAt: iso(row.decided_at),
    note: row.note,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentDetail(
  complaint: Complaint,
  events: ComplaintEvent[],
  recoveries: Recovery[],
  can: ComplaintDetail['can'],
): ComplaintDetail {
  return { ...complaint, events, recoveries, can };
}
