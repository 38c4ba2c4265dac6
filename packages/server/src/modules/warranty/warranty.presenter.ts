import type {
  ClaimAction,
  ClaimDetail,
  ClaimListItem,
  ClaimRejectCode,
  WarrantyAnalysis,
  WarrantyCheck,
  WarrantyPolicy,
} from '@servicebay/contracts';
import type { CheckRow, ClaimLineRow, ClaimRow, PolicyRow } from './warranty.repository.js';
import { campaignOpen, paretoOf, rateOf } from './warranty.rules.js';

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

type AnalysisRow = {
  dealer_id: string | null;
  model_id: string | null;
  causal_part_code: string | null;
  failure_code: string | null;
  reject_code: string | null;
  grouping: number;
  claims: number;
  claimed_fen: number | string;
  approved_fen: number | string;
  approved: number;
  rejected: number;
  late: number;
  returns_requested: number;
  returns_on_time: number;
  charged_back_fen: number | string;
};

/** The bits of `grouping(dealer, model, part, failure, reject)` that are 0 for the column a row is grouped by. */
const GROUPED_BY = { dealer: 0b01111, model: 0b10111, part: 0b11011, failure: 0b11101, reject: 0b11110, total: 0b11111 } as const;

export function presentAnalysis(input: {
  from: string;
  to: string;
  rows: AnalysisRow[];
  vehicles: number;
  dealers: { id: string; code: string; name: string }[];
  models: { id: string; name: string }[];
  campaigns: { vehicles: number; completed: number };
}): WarrantyAnalysis {
  const of = (g: number) => input.rows.filter((r) => Number(r.grouping) === g);
  const figures = (r: AnalysisRow | undefined) => ({
    claims: r?.claims ?? 0,
    claimedFen: Number(r?.claimed_fen ?? 0),
    approvedFen: Number(r?.approved_fen ?? 0),
    approved: r?.approved ?? 0,
    rejected: r?.rejected ?? 0,
    rejectionRate: rateOf(r?.rejected ?? 0, (r?.approved ?? 0) + (r?.rejected ?? 0)),
    lateRate: rateOf(r?.late ?? 0, r?.claims ?? 0),
  });
  const total = of(GROUPED_BY.total)[0];
  const approvedFen = Number(total?.approved_fen ?? 0);
  const dealers = new Map(input.dealers.map((d) => [d.id, d]));
  const models = new Map(input.models.map((m) => [m.id, m]));
  const pareto = (rows: AnalysisRow[], key: (r: AnalysisRow) => string) =>
    paretoOf(rows.map((r) => ({ key: key(r), claims: r.claims, approvedFen: Number(r.approved_fen) }))).slice(0, 20);
  return {
    from: input.from,
    to: input.to,
    totals: {
      ...figures(total),
      returnsRequested: total?.returns_requested ?? 0,
      returnsOnTimeRate: rateOf(total?.returns_on_time ?? 0, total?.returns_requested ?? 0),
      chargedBackFen: Number(total?.charged_back_fen ?? 0),
      vehiclesInOperation: input.vehicles,
      costPerVehicleFen: input.vehicles > 0 ? Math.round(approvedFen / input.vehicles) : null,
      campaignVehicles: input.campaigns.vehicles,
      campaignCompleted: input.campaigns.completed,
      campaignCompletionRate: rateOf(input.campaigns.completed, input.campaigns.vehicles),
    },
    byDealer: of(GROUPED_BY.dealer)
      .map((r) => ({ dealer: dealers.get(r.dealer_id!)!, ...figures(r) }))
      .sort((a, b) => b.approvedFen - a.approvedFen || a.dealer.code.localeCompare(b.dealer.code)),
    byModel: of(GROUPED_BY.model)
      .map((r) => ({ model: r.model_id ? (models.get(r.model_id) ?? null) : null, claims: r.claims, approvedFen: Number(r.approved_fen) }))
      .sort((a, b) => b.approvedFen - a.approvedFen),
    byCausalPart: pareto(of(GROUPED_BY.part), (r) => r.causal_part_code ?? ''),
    byFailure: pareto(of(GROUPED_BY.failure), (r) => r.failure_code ?? ''),
    rejectReasons: of(GROUPED_BY.reject)
      .filter((r) => r.reject_code !== null)
      .map((r) => ({ code: r.reject_code as ClaimRejectCode, claims: r.claims }))
      .sort((a, b) => b.claims - a.claims),
  };
}

/** A campaign naming a car: open while not done and within its days. */
export function presentVehicleCampaign(
  r: {
    id: string;
    code: string;
    kind: 'recall' | 'service';
    title: string;
    labour_hours: number | string;
    valid_from: string;
    valid_to: string | null;
    completed_at: Date | null;
    dealer_id: string | null;
    dealer_name: string | null;
  },
  today: string,
) {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    title: r.title,
    labourHours: Number(r.labour_hours),
    open: r.completed_at === null && campaignOpen(r, today),
    completedAt: r.completed_at?.toISOString() ?? null,
    completedDealer: r.dealer_id ? { id: r.dealer_id, name: r.dealer_name ?? '' } : null,
  };
}
