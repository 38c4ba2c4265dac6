// Pure rules of the warranty pages: the list's views and deadlines, what a repair order can claim,
// the claim's lines as edited and as approved, yuan ↔ fen, and the policies grouped by model.
import type { ClaimKind, ClaimLineKind, ClaimStatus, PartsReturnStatus, UseType, WarrantyTermKind } from '@servicebay/contracts';
import type {
  ClaimApproveInput,
  ClaimDetail,
  ClaimLine,
  ClaimLineInput,
  ClaimListItem,
  ClaimPatchInput,
  PreparedClaimKind,
  RoWarranty,
  WarrantyCheck,
  WarrantyPolicy,
  WarrantyPolicyInput,
} from '../../api/warranty';

// ---------------------------------------------------------------------------------------------
// The area's pages

/** The warranty area's pages, in the order the warranty staff work them. */
export const WARRANTY_PAGES = ['claims', 'campaigns', 'sanbao', 'analysis', 'settlements', 'policies'] as const;
export type WarrantyPage = (typeof WARRANTY_PAGES)[number];

/** The page of the area a path is on (the claims when none matches). */
export function warrantyPageOf(pathname: string): WarrantyPage {
  return WARRANTY_PAGES.find((page) => pathname === `/warranty/${page}` || pathname.startsWith(`/warranty/${page}/`)) ?? 'claims';
}

// ---------------------------------------------------------------------------------------------
// The claim list

/** The list's views: the dealer's work still to send (drafts and returned ones), each status, all. */
export const CLAIM_VIEWS = ['toSubmit', 'draft', 'returned', 'submitted', 'approved', 'rejected', 'all'] as const;
export type ClaimView = (typeof CLAIM_VIEWS)[number];

export function isClaimView(value: unknown): value is ClaimView {
  return typeof value === 'string' && (CLAIM_VIEWS as readonly string[]).includes(value);
}

/** The reviewer starts on the claims waiting for the car maker; everyone else on the work still to send. */
export function defaultClaimView(canReview: boolean): ClaimView {
  return canReview ? 'submitted' : 'toSubmit';
}

/** The statuses a view asks the API for, one request each (undefined: every status). */
export function viewStatuses(view: ClaimView): (ClaimStatus | undefined)[] {
  if (view === 'toSubmit') return ['draft', 'returned'];
  if (view === 'all') return [undefined];
  return [view];
}

/** Statuses in which the dealer still has to send the claim: its submission deadline matters. */
export const DEALER_STATUSES: readonly ClaimStatus[] = ['draft', 'returned'];

export const STATUS_COLORS: Record<ClaimStatus, string> = {
  draft: 'default',
  returned: 'orange',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
};

export const KIND_COLORS: Record<ClaimKind, string> = { warranty: 'geekblue', free_first_maintenance: 'cyan', campaign: 'purple' };

export const PARTS_RETURN_COLORS: Record<PartsReturnStatus, string> = {
  requested: 'gold',
  shipped: 'blue',
  received: 'green',
  charged_back: 'red',
};

/** Several lists as one: the work to send is sorted by its deadline, the nearest first. */
export function mergeClaims(lists: readonly (readonly ClaimListItem[])[], byDeadline: boolean): ClaimListItem[] {
  const seen = new Set<string>();
  const out: ClaimListItem[] = [];
  for (const list of lists)
    for (const claim of list) {
      if (seen.has(claim.id)) continue;
      seen.add(claim.id);
      out.push(claim);
    }
  return byDeadline ? out.sort((a, b) => a.submitBy.localeCompare(b.submitBy)) : out;
}

/** The search text as the API takes it: trimmed, at most 40 characters, none when empty. */
export function searchText(text: string): string | undefined {
  const q = text.trim().slice(0, 40).trim();
  return q || undefined;
}

const DAY_MS = 86_400_000;
export const DEFAULT_WARN_DAYS = 3;

export type Deadline = { state: 'past' | 'soon' | 'ok'; days: number };

/**
 * Where the submission deadline stands for a claim the dealer still has to send: past, within
 * `warnDays` (soon), or in time, with the whole days left (or late). Null once it is sent.
 */
export function submitDeadline(
  claim: Pick<ClaimListItem, 'status' | 'submitBy'>,
  now: Date,
  warnDays = DEFAULT_WARN_DAYS,
): Deadline | null {
  if (!DEALER_STATUSES.includes(claim.status)) return null;
  const ms = Date.parse(claim.submitBy) - now.getTime();
  if (Number.isNaN(ms)) return null;
  if (ms < 0) return { state: 'past', days: Math.ceil(-ms / DAY_MS) };
  return { state: ms <= warnDays * DAY_MS ? 'soon' : 'ok', days: Math.floor(ms / DAY_MS) };
}

// ---------------------------------------------------------------------------------------------
// Money

export function yuanToFen(yuan: number | null | undefined): number | null {
  return yuan === null || yuan === undefined || Number.isNaN(yuan) ? null : Math.round(yuan * 100);
}

export function fenToYuan(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}

/** What the clerk claims: the sum of the lines as shown (sent as `claimedFen` on submit). */
export function linesTotalFen(lines: readonly Pick<ClaimLine, 'amountFen'>[]): number {
  return lines.reduce((sum, l) => sum + l.amountFen, 0);
}

/** What the car maker pays: each line's approved amount, or its claimed amount. */
export function approvedLinesTotalFen(lines: readonly Pick<ClaimLine, 'amountFen' | 'approvedFen'>[]): number {
  return lines.reduce((sum, l) => sum + (l.approvedFen ?? l.amountFen), 0);
}

// ---------------------------------------------------------------------------------------------
// Terms and checks

/** `component:BATTERY` → the component term of BATTERY; `vehicle`, `fitted_parts`, `free_first_maintenance` as they are. */
export function termParts(term: string): { kind: WarrantyTermKind; code: string | null } {
  if (term.startsWith('component:')) return { kind: 'component', code: term.slice('component:'.length) };
  if (term === 'vehicle' || term === 'fitted_parts' || term === 'free_first_maintenance') return { kind: term, code: null };
  return { kind: 'vehicle', code: null };
}

/** The claim kind a check's term leads to. */
export const claimKindOfTerm = (term: string): PreparedClaimKind =>
  term === 'free_first_maintenance' ? 'free_first_maintenance' : 'warranty';

/** The kinds of claim a clerk prepares from a repair order. */
export const PREPARED_KINDS: readonly PreparedClaimKind[] = ['warranty', 'free_first_maintenance'];

/** The repair order's lines paid by the car maker of a claim kind. */
export const linesOfKind = (w: Pick<RoWarranty, 'warrantyLines' | 'firstMaintenanceLines'>, kind: PreparedClaimKind) =>
  kind === 'warranty' ? w.warrantyLines : w.firstMaintenanceLines;

/**
 * The claims the repair order can be prepared into: a kind with lines paid by the car maker, an
 * eligible check of a term of that kind, and no claim of that kind yet.
 */
export function preparableKinds(w: RoWarranty): PreparedClaimKind[] {
  if (!w.can.prepareClaim) return [];
  return PREPARED_KINDS.filter(
    (kind) =>
      linesOfKind(w, kind) > 0 &&
      w.checks.some((c) => c.eligible && claimKindOfTerm(c.term) === kind) &&
      !w.claims.some((c) => c.kind === kind),
  );
}

/** The kinds with lines to claim but no eligible check yet (the clerk is told to check first). */
export function kindsAwaitingCheck(w: RoWarranty): PreparedClaimKind[] {
  return PREPARED_KINDS.filter(
    (kind) =>
      linesOfKind(w, kind) > 0 &&
      !w.claims.some((c) => c.kind === kind) &&
      !w.checks.some((c) => c.eligible && claimKindOfTerm(c.term) === kind),
  );
}

/**
 * How much of the warranty card a repair order shows: all of it when it has something to claim, was
 * checked or claimed, or has an open campaign; one line of coverage when a policy still covers the
 * car; nothing otherwise.
 */
export function roWarrantyView(w: RoWarranty): 'full' | 'compact' | null {
  if (w.warrantyLines + w.firstMaintenanceLines > 0 || w.checks.length > 0 || w.claims.length > 0) return 'full';
  // A recall or service campaign still open on the car is always worth showing.
  if ((w.campaigns ?? []).some((c) => c.open)) return 'full';
  if (w.coverage.unknownBecause === null && w.coverage.terms.some((t) => t.active && t.kind !== 'fitted_parts')) return 'compact';
  return null;
}

/** The checks newest first. */
export function newestChecks(checks: readonly WarrantyCheck[]): WarrantyCheck[] {
  return [...checks].sort((a, b) => b.checkedAt.localeCompare(a.checkedAt));
}

// ---------------------------------------------------------------------------------------------
// Editing a claim (draft or returned)

/** One line being edited; becomes a ClaimLineInput when saved. */
export type LineDraft = {
  kind: ClaimLineKind;
  code?: string | null;
  description?: string;
  hours?: number | null;
  quantity?: number | null;
  /** Sublet: as invoiced, in yuan. */
  amountYuan?: number | null;
};

export function lineToDraft(line: ClaimLine): LineDraft {
  return {
    kind: line.kind,
    code: line.code,
    description: line.description,
    hours: line.hours,
    quantity: line.quantity,
    amountYuan: line.kind === 'sublet' ? fenToYuan(line.amountFen) : null,
  };
}

const trimmedOrNull = (v: string | null | undefined) => v?.trim() || null;

export function draftToInput(d: LineDraft): ClaimLineInput {
  const description = d.description?.trim() ?? '';
  if (d.kind === 'labour') return { kind: 'labour', code: trimmedOrNull(d.code), description, hours: d.hours ?? 0 };
  if (d.kind === 'parts') return { kind: 'parts', code: d.code?.trim() ?? '', description, quantity: d.quantity ?? 0 };
  return { kind: 'sublet', code: trimmedOrNull(d.code), description, amountFen: yuanToFen(d.amountYuan) ?? 0 };
}

/**
 * What a line will cost, as far as the page knows: labour at the claim's rate, parts at the price
 * already quoted for that part number, sublet as entered. Null when the server prices it on save.
 */
export function estimateLineFen(d: LineDraft, lines: readonly ClaimLine[]): number | null {
  if (d.kind === 'sublet') return yuanToFen(d.amountYuan);
  if (d.kind === 'labour') {
    const rate = lines.find((l) => l.kind === 'labour' && l.rateFen !== null)?.rateFen ?? null;
    return rate === null || !d.hours ? null : Math.round(d.hours * rate);
  }
  const code = d.code?.trim().toUpperCase();
  const price = lines.find((l) => l.kind === 'parts' && l.code?.toUpperCase() === code && l.unitPriceFen !== null)?.unitPriceFen ?? null;
  return price === null || !d.quantity ? null : Math.round(d.quantity * price);
}

export type ClaimEditValues = {
  failureCode?: string | null;
  causeCode?: string | null;
  causalPartCode?: string | null;
  customerWords?: string;
  technicianChecks?: string | null;
  repairReport?: string | null;
  lines: LineDraft[];
};

export function claimToEditValues(c: ClaimDetail): ClaimEditValues {
  return {
    failureCode: c.failureCode || null,
    causeCode: c.causeCode || null,
    causalPartCode: c.causalPartCode || null,
    customerWords: c.customerWords,
    technicianChecks: c.technicianChecks,
    repairReport: c.repairReport,
    lines: c.lines.map(lineToDraft),
  };
}

/** The PATCH body: the version and only what changed (the lines are replaced as a whole when any changed). */
export function claimPatch(c: ClaimDetail, v: ClaimEditValues): { patch: ClaimPatchInput; changed: boolean } {
  const patch: ClaimPatchInput = { version: c.version };
  const failureCode = v.failureCode || null;
  if (failureCode && failureCode !== c.failureCode) patch.failureCode = failureCode as ClaimPatchInput['failureCode'];
  const causeCode = v.causeCode || null;
  if (causeCode && causeCode !== c.causeCode) patch.causeCode = causeCode as ClaimPatchInput['causeCode'];
  const causal = v.causalPartCode?.trim() || null;
  if (causal && causal !== c.causalPartCode) patch.causalPartCode = causal;
  const words = v.customerWords?.trim() ?? '';
  if (words !== c.customerWords) patch.customerWords = words;
  const checks = trimmedOrNull(v.technicianChecks);
  if (checks !== (c.technicianChecks ?? null)) patch.technicianChecks = checks;
  const report = trimmedOrNull(v.repairReport);
  if (report !== (c.repairReport ?? null)) patch.repairReport = report;
  const lines = v.lines.map(draftToInput);
  const before = c.lines.map((l) => draftToInput(lineToDraft(l)));
  if (JSON.stringify(lines) !== JSON.stringify(before)) patch.lines = lines;
  return { patch, changed: Object.keys(patch).length > 1 };
}

// ---------------------------------------------------------------------------------------------
// The car maker's approval

export type ApprovalRow = {
  position: number;
  kind: ClaimLineKind;
  amountFen: number;
  /** What the car maker pays for the line, in yuan (the claimed amount unless adjusted). */
  approvedYuan: number | null;
  reason?: string;
  returnPart?: boolean;
};

export function approvalRows(lines: readonly ClaimLine[]): ApprovalRow[] {
  return lines.map((l) => ({
    position: l.position,
    kind: l.kind,
    amountFen: l.amountFen,
    approvedYuan: fenToYuan(l.approvedFen ?? l.amountFen),
    reason: l.adjustReason ?? '',
    returnPart: l.kind === 'parts' && l.returnRequired,
  }));
}

export type ApprovalCheck = {
  body: Omit<ClaimApproveInput, 'version'>;
  /** Positions paid other than as claimed without a reason. */
  missingReason: number[];
  /** Positions without a valid approved amount. */
  invalidAmount: number[];
  totalFen: number;
};

/** The approval as the API takes it: only the adjusted lines, each with its reason; the parts to send back. */
export function approvalBody(rows: readonly ApprovalRow[], note: string | null | undefined): ApprovalCheck {
  const adjustments: NonNullable<ClaimApproveInput['adjustments']> = [];
  const missingReason: number[] = [];
  const invalidAmount: number[] = [];
  let totalFen = 0;
  for (const row of rows) {
    const approvedFen = yuanToFen(row.approvedYuan);
    if (approvedFen === null || approvedFen < 0) {
      invalidAmount.push(row.position);
      continue;
    }
    totalFen += approvedFen;
    if (approvedFen === row.amountFen) continue;
    const reason = row.reason?.trim() ?? '';
    if (!reason) missingReason.push(row.position);
    adjustments.push({ position: row.position, approvedFen, reason });
  }
  const returnPositions = rows.filter((r) => r.kind === 'parts' && r.returnPart).map((r) => r.position);
  return { body: { adjustments, returnPositions, note: note?.trim() || null }, missingReason, invalidAmount, totalFen };
}

/** Whether a row is paid other than as claimed (its reason is then required). */
export function isAdjusted(row: Pick<ApprovalRow, 'amountFen' | 'approvedYuan'>): boolean {
  const fen = yuanToFen(row.approvedYuan);
  return fen !== null && fen !== row.amountFen;
}

// ---------------------------------------------------------------------------------------------
// Policies

export type PolicyGroup = { key: string; modelYear: number | null; versions: WarrantyPolicy[] };
export type ModelPolicies = { model: WarrantyPolicy['model']; groups: PolicyGroup[] };

/** The policies by model (by name), then model year (the model's general policy first), versions newest first. */
export function groupPolicies(items: readonly WarrantyPolicy[]): ModelPolicies[] {
  const models = new Map<string, ModelPolicies>();
  for (const p of items) {
    let model = models.get(p.model.id);
    if (!model) {
      model = { model: p.model, groups: [] };
      models.set(p.model.id, model);
    }
    const key = `${p.model.id}:${p.modelYear ?? 'all'}`;
    let group = model.groups.find((g) => g.key === key);
    if (!group) {
      group = { key, modelYear: p.modelYear, versions: [] };
      model.groups.push(group);
    }
    group.versions.push(p);
  }
  for (const model of models.values()) {
    model.groups.sort((a, b) => (a.modelYear ?? 0) - (b.modelYear ?? 0));
    for (const group of model.groups) group.versions.sort((a, b) => b.version - a.version);
  }
  return [...models.values()].sort((a, b) => a.model.name.localeCompare(b.model.name, 'zh-CN') || a.model.code.localeCompare(b.model.code));
}

/** The version that judges a car sold today: the latest effective on or before today. */
export function versionInForce(versions: readonly WarrantyPolicy[], today: string): WarrantyPolicy | null {
  return (
    [...versions]
      .filter((v) => v.effectiveFrom <= today)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0] ?? null
  );
}

export type PolicyFormValues = {
  modelId?: string;
  modelYear?: number | null;
  /** YYYY-MM-DD (the drawer converts the date picker's value). */
  effectiveFrom?: string | null;
  vehicle: { useType?: UseType; months?: number | null; km?: number | null }[];
  components: { code?: string; name?: string; months?: number | null; km?: number | null }[];
  fittedPartsMonths?: number | null;
  hasFirstMaintenance: boolean;
  firstMaintenanceMonths?: number | null;
  firstMaintenanceKm?: number | null;
  note?: string | null;
};

/** A new version starts from the latest one of its model and year, or from the usual Chinese terms. */
export function policyFormValues(from?: WarrantyPolicy): PolicyFormValues {
  if (!from)
    return {
      modelYear: null,
      vehicle: [{ useType: 'private', months: 36, km: 100_000 }],
      components: [],
      fittedPartsMonths: 12,
      hasFirstMaintenance: true,
      firstMaintenanceMonths: 6,
      firstMaintenanceKm: 5_000,
      note: null,
    };
  const t = from.terms;
  return {
    modelId: from.model.id,
    modelYear: from.modelYear,
    vehicle: t.vehicle.map((v) => ({ ...v })),
    components: t.components.map((c) => ({ ...c })),
    fittedPartsMonths: t.fittedPartsMonths,
    hasFirstMaintenance: t.firstMaintenance !== null,
    firstMaintenanceMonths: t.firstMaintenance?.months ?? 6,
    firstMaintenanceKm: t.firstMaintenance?.km ?? 5_000,
    note: null,
  };
}

export function policyInput(v: PolicyFormValues): WarrantyPolicyInput {
  return {
    modelId: v.modelId ?? '',
    modelYear: v.modelYear ?? null,
    effectiveFrom: v.effectiveFrom ?? '',
    terms: {
      vehicle: v.vehicle.map((row) => ({ useType: row.useType as UseType, months: row.months ?? 0, km: row.km ?? 0 })),
      components: v.components.map((c) => ({
        code: c.code?.trim().toUpperCase() ?? '',
        name: c.name?.trim() ?? '',
        months: c.months ?? 0,
        km: c.km ?? 0,
      })),
      fittedPartsMonths: v.fittedPartsMonths ?? 0,
      firstMaintenance: v.hasFirstMaintenance ? { months: v.firstMaintenanceMonths ?? 0, km: v.firstMaintenanceKm ?? 0 } : null,
    },
    note: v.note?.trim() || null,
  };
}

/** A component code as the contract takes it: a capital letter, then capitals, digits or _, at most 20. */
export const COMPONENT_CODE = /^[A-Z][A-Z0-9_]{0,19}$/;

/** The indexes of values that repeat an earlier one (blank values are left to the required check). */
export function repeatedIndexes(values: readonly (string | null | undefined)[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((raw, i) => {
    const value = raw?.trim().toUpperCase();
    if (!value) return;
    if (seen.has(value)) out.push(i);
    seen.add(value);
  });
  return out;
}

/** The API's field names of a policy (`terms.vehicle.0.km`) → the drawer's (`vehicle.0.km`). */
export function policyFieldAliases(): Record<string, string> {
  const out: Record<string, string> = {
    'terms.vehicle': 'vehicle',
    'terms.components': 'components',
    'terms.fittedPartsMonths': 'fittedPartsMonths',
    'terms.firstMaintenance': 'hasFirstMaintenance',
    'terms.firstMaintenance.months': 'firstMaintenanceMonths',
    'terms.firstMaintenance.km': 'firstMaintenanceKm',
  };
  for (let i = 0; i < 20; i++) {
    for (const field of ['useType', 'months', 'km']) out[`terms.vehicle.${i}.${field}`] = `vehicle.${i}.${field}`;
    for (const field of ['code', 'name', 'months', 'km']) out[`terms.components.${i}.${field}`] = `components.${i}.${field}`;
  }
  return out;
}
