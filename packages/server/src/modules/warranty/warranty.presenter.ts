import type { ClaimAction, ClaimDetail, ClaimListItem, WarrantyCheck, WarrantyPolicy } from '@servicebay/contracts';
import type { CheckRow, ClaimLineRow, ClaimRow, PolicyRow } from './warranty.repository.js';

type ClaimDetailsRow = ClaimRow & {
  dealer_code: string;
  dealer_name: string;
  ro_number: string;
  vin: string;
  plate_key: string;
  model_name: string | null;
  reviewer_name: string | null;
};

export function presentPolicy(row: PolicyRow & { model_code: string; model_name: string }): WarrantyPolicy {
  return {
    id: row.id,
    model: { id: row.model_id, code: row.model_code, name: row.model_name },
    modelYear: row.model_year,
    version: row.version,
    effectiveFrom: row.effective_from,
    terms: row.terms,
    note: row.note,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentCheck(row: CheckRow & { checked_by_name: string }): WarrantyCheck {
  return {
    id: row.id,
    repairOrderId: row.repair_order_id,
    term: row.term,
    eligible: row.eligible,
    exclusion: row.exclusion as WarrantyCheck['exclusion'],
    findings: row.findings,
    customerWords: row.customer_words,
    technicianChecks: row.technician_checks,
    repairReport: row.repair_report,
    checkedBy: { id: row.checked_by, name: row.checked_by_name },
    checkedAt: row.checked_at.toISOString(),
  };
}

export function presentClaimListItem(row: ClaimDetailsRow): ClaimListItem {
  return {
    id: row.id,
    number: row.number,
    dealer: { id: row.dealer_id, code: row.dealer_code, name: row.dealer_name },
    repairOrder: { id: row.repair_order_id, number: row.ro_number },
    vehicle: { id: row.vehicle_id, vin: row.vin, plate: row.plate_key, modelName: row.model_name },
    kind: row.kind,
    status: row.status,
    term: row.term,
    causalPartCode: row.causal_part_code,
    failureCode: row.failure_code,
    causeCode: row.cause_code,
    repairedAt: row.repaired_at.toISOString(),
    submitBy: row.submit_by.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    late: row.late,
    claimedFen: row.claimed_fen,
    approvedFen: row.approved_fen,
    chargedBackFen: row.charged_back_fen,
    partsReturn:
      row.return_status && row.return_due_at
        ? {
            status: row.return_status,
            dueAt: row.return_due_at.toISOString(),
            waybill: row.return_waybill,
            shippedAt: row.return_shipped_at?.toISOString() ?? null,
            receivedAt: row.return_received_at?.toISOString() ?? null,
            note: row.return_note,
          }
        : null,
    version: row.version,
  };
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

export function presentClaimLine(l: ClaimLineRow) {
  return {
    position: l.position,
    kind: l.kind,
    code: l.code,
    description: l.description,
    hours: num(l.hours),
    rateFen: l.rate_fen,
    quantity: num(l.quantity),
    unitPriceFen: l.unit_price_fen,
    amountFen: l.amount_fen,
    approvedFen: l.approved_fen,
    adjustReason: l.adjust_reason,
    returnRequired: l.return_required,
  };
}

export function presentClaim(
  row: ClaimDetailsRow,
  lines: ClaimLineRow[],
  events: {
    id: string;
    kind: string;
    at: Date;
    actor_id: string | null;
    actor_name: string | null;
    note: string | null;
    data: Record<string, unknown>;
  }[],
  can: Record<ClaimAction, boolean>,
): ClaimDetail {
  return {
    ...presentClaimListItem(row),
    customerWords: row.customer_words,
    technicianChecks: row.technician_checks,
    repairReport: row.repair_report,
    rejectCode: row.reject_code as ClaimDetail['rejectCode'],
    decisionNote: row.decision_note,
    reviewer: row.reviewer_id ? { id: row.reviewer_id, name: row.reviewer_name ?? '' } : null,
    decidedAt: row.decided_at?.toISOString() ?? null,
    lines: lines.map(presentClaimLine),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      at: e.at.toISOString(),
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      note: e.note,
      data: e.data,
    })),
    can,
  };
}
