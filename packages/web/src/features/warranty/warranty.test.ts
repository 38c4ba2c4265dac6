import { describe, expect, it } from 'vitest';
import type { ClaimDetail, ClaimLine, ClaimListItem, RoWarranty, WarrantyCheck, WarrantyPolicy } from '../../api/warranty';
import {
  approvalBody,
  approvalRows,
  claimPatch,
  claimToEditValues,
  defaultClaimView,
  draftToInput,
  estimateLineFen,
  groupPolicies,
  kindsAwaitingCheck,
  linesTotalFen,
  mergeClaims,
  policyFieldAliases,
  policyFormValues,
  policyInput,
  preparableKinds,
  repeatedIndexes,
  roWarrantyView,
  searchText,
  submitDeadline,
  termParts,
  versionInForce,
  viewStatuses,
  yuanToFen,
} from './warranty';

const line = (patch: Partial<ClaimLine>): ClaimLine => ({
  position: 1,
  kind: 'labour',
  code: null,
  description: 'Replace pump',
  hours: 1.5,
  rateFen: 12_000,
  quantity: null,
  unitPriceFen: null,
  amountFen: 18_000,
  approvedFen: null,
  adjustReason: null,
  returnRequired: false,
  ...patch,
});

const LINES: ClaimLine[] = [
  line({}),
  line({
    position: 2,
    kind: 'parts',
    code: 'WP-100',
    description: 'Water pump',
    hours: null,
    rateFen: null,
    quantity: 1,
    unitPriceFen: 35_000,
    amountFen: 35_000,
  }),
  line({ position: 3, kind: 'sublet', description: 'Towing', hours: null, rateFen: null, amountFen: 5_000 }),
];

const claim = (patch: Partial<ClaimDetail> = {}): ClaimDetail => ({
  id: 'c1',
  number: 'WC-001',
  dealer: { id: 'd1', code: 'BJ01', name: 'Beijing' },
  repairOrder: { id: 'r1', number: 'RO-1' },
  vehicle: { id: 'v1', vin: 'LYHS5A1C0LB100136', plate: '京A12345', modelName: 'X1' },
  kind: 'warranty',
  status: 'draft',
  term: 'vehicle',
  causalPartCode: 'WP-100',
  failureCode: 'leak',
  causeCode: 'material_defect',
  repairedAt: '2026-12-01T08:00:00Z',
  submitBy: '2026-12-11T08:00:00Z',
  submittedAt: null,
  late: false,
  claimedFen: 58_000,
  approvedFen: null,
  chargedBackFen: 0,
  partsReturn: null,
  version: 3,
  customerWords: 'Coolant on the floor',
  technicianChecks: null,
  repairReport: 'Pump replaced',
  rejectCode: null,
  decisionNote: null,
  reviewer: null,
  decidedAt: null,
  lines: LINES,
  events: [],
  can: { update: true, submit: true, approve: false, reject: false, return: false, shipParts: false, receiveParts: false },
  ...patch,
});

const check = (patch: Partial<WarrantyCheck>): WarrantyCheck => ({
  id: 'k1',
  repairOrderId: 'r1',
  term: 'vehicle',
  eligible: true,
  exclusion: null,
  findings: { nonAuthorisedRepair: false, unapprovedParts: false, misuse: false, accident: false },
  customerWords: 'noise',
  technicianChecks: null,
  repairReport: null,
  checkedBy: { id: 'u1', name: 'Clerk' },
  checkedAt: '2026-12-01T09:00:00Z',
  ...patch,
});

const coverage: RoWarranty['coverage'] = {
  vehicleId: 'v1',
  policy: { id: 'p1', version: 1, effectiveFrom: '2024-01-01', modelYear: null },
  unknownBecause: null,
  deliveredOn: '2025-03-15',
  useTypeAtSale: 'private',
  km: 12_000,
  terms: [
    {
      term: 'vehicle',
      kind: 'vehicle',
      name: null,
      months: 36,
      km: 100_000,
      endsOn: '2028-03-14',
      endsKm: 100_000,
      active: true,
      endedBy: null,
    },
  ],
  serviceOnSchedule: true,
  overdueSince: null,
};

const ro = (patch: Partial<RoWarranty> = {}): RoWarranty => ({
  coverage,
  warrantyLines: 2,
  firstMaintenanceLines: 0,
  checks: [],
  claims: [],
  campaigns: [],
  can: { check: true, prepareClaim: true, recordCampaign: false },
  ...patch,
});

describe('the claim list', () => {
  it('starts the reviewer on the submitted claims and the clerk on the work to send', () => {
    expect(defaultClaimView(true)).toBe('submitted');
    expect(defaultClaimView(false)).toBe('toSubmit');
    expect(viewStatuses('toSubmit')).toEqual(['draft', 'returned']);
    expect(viewStatuses('all')).toEqual([undefined]);
    expect(viewStatuses('approved')).toEqual(['approved']);
  });

  it('merges the drafts and the returned claims, the nearest deadline first, each once', () => {
    const a = { id: 'a', submitBy: '2026-12-10T00:00:00Z' } as ClaimListItem;
    const b = { id: 'b', submitBy: '2026-12-05T00:00:00Z' } as ClaimListItem;
    expect(mergeClaims([[a], [b, a]], true).map((c) => c.id)).toEqual(['b', 'a']);
    expect(mergeClaims([[a], [b]], false).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('sends the search as the API takes it', () => {
    expect(searchText('  ')).toBeUndefined();
    expect(searchText(' 100136 ')).toBe('100136');
    expect(searchText('x'.repeat(50))).toHaveLength(40);
  });

  it('warns of the deadline while the dealer still has to send the claim', () => {
    const now = new Date('2026-12-09T08:00:00Z');
    expect(submitDeadline({ status: 'draft', submitBy: '2026-12-11T08:00:00Z' }, now)).toEqual({ state: 'soon', days: 2 });
    expect(submitDeadline({ status: 'returned', submitBy: '2026-12-20T08:00:00Z' }, now)).toEqual({ state: 'ok', days: 11 });
    expect(submitDeadline({ status: 'draft', submitBy: '2026-12-08T07:00:00Z' }, now)).toEqual({ state: 'past', days: 2 });
    expect(submitDeadline({ status: 'submitted', submitBy: '2026-12-08T07:00:00Z' }, now)).toBeNull();
    expect(submitDeadline({ status: 'draft', submitBy: '2026-12-16T08:00:00Z' }, now, 7)?.state).toBe('soon');
  });
});

describe('money', () => {
  it('claims the lines as shown', () => {
    expect(linesTotalFen(LINES)).toBe(58_000);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(null)).toBeNull();
  });
});

describe('a repair order’s claims', () => {
  it('names terms', () => {
    expect(termParts('component:BATTERY')).toEqual({ kind: 'component', code: 'BATTERY' });
    expect(termParts('free_first_maintenance')).toEqual({ kind: 'free_first_maintenance', code: null });
  });

  it('prepares a kind with lines, an eligible check of its terms and no claim yet', () => {
    expect(preparableKinds(ro())).toEqual([]);
    expect(kindsAwaitingCheck(ro())).toEqual(['warranty']);
    expect(preparableKinds(ro({ checks: [check({ eligible: false, exclusion: 'expired' })] }))).toEqual([]);
    expect(preparableKinds(ro({ checks: [check({})] }))).toEqual(['warranty']);
    expect(preparableKinds(ro({ checks: [check({ term: 'component:BATTERY' })] }))).toEqual(['warranty']);
    // A first-maintenance check does not open a warranty claim.
    expect(preparableKinds(ro({ checks: [check({ term: 'free_first_maintenance' })] }))).toEqual([]);
    expect(
      preparableKinds(ro({ firstMaintenanceLines: 1, checks: [check({}), check({ id: 'k2', term: 'free_first_maintenance' })] })),
    ).toEqual(['warranty', 'free_first_maintenance']);
    expect(
      preparableKinds(ro({ checks: [check({})], claims: [{ id: 'c1', number: 'WC-1', kind: 'warranty', status: 'rejected' }] })),
    ).toEqual([]);
    expect(preparableKinds(ro({ checks: [check({})], can: { check: true, prepareClaim: false, recordCampaign: false } }))).toEqual([]);
  });

  it('shows the card when there is something to claim, or the coverage in one line', () => {
    expect(roWarrantyView(ro())).toBe('full');
    expect(roWarrantyView(ro({ warrantyLines: 0 }))).toBe('compact');
    expect(roWarrantyView(ro({ warrantyLines: 0, coverage: { ...coverage, unknownBecause: 'no_policy', terms: [] } }))).toBeNull();
    expect(roWarrantyView(ro({ warrantyLines: 0, checks: [check({})] }))).toBe('full');
    const recall = {
      id: 'x',
      code: 'R-01',
      kind: 'recall' as const,
      title: 'Airbag',
      labourHours: 1,
      open: true,
      completedAt: null,
      completedDealer: null,
    };
    expect(
      roWarrantyView(ro({ warrantyLines: 0, coverage: { ...coverage, unknownBecause: 'no_policy', terms: [] }, campaigns: [recall] })),
    ).toBe('full');
  });
});

describe('editing a claim', () => {
  it('sends only what changed, with the version', () => {
    const c = claim();
    expect(claimPatch(c, claimToEditValues(c))).toEqual({ patch: { version: 3 }, changed: false });
    const values = claimToEditValues(c);
    values.technicianChecks = '  Pressure test failed ';
    values.lines[0]!.hours = 2;
    const { patch, changed } = claimPatch(c, values);
    expect(changed).toBe(true);
    expect(patch.technicianChecks).toBe('Pressure test failed');
    expect(patch.lines?.[0]).toEqual({ kind: 'labour', code: null, description: 'Replace pump', hours: 2 });
    expect(patch.lines?.[2]).toEqual({ kind: 'sublet', code: null, description: 'Towing', amountFen: 5_000 });
    expect(patch.customerWords).toBeUndefined();
  });

  it('turns a line being edited into the API’s shape and estimates it', () => {
    expect(draftToInput({ kind: 'parts', code: ' WP-100 ', description: ' Pump ', quantity: 2 })).toEqual({
      kind: 'parts',
      code: 'WP-100',
      description: 'Pump',
      quantity: 2,
    });
    expect(estimateLineFen({ kind: 'labour', hours: 2 }, LINES)).toBe(24_000);
    expect(estimateLineFen({ kind: 'parts', code: 'wp-100', quantity: 2 }, LINES)).toBe(70_000);
    expect(estimateLineFen({ kind: 'parts', code: 'OTHER', quantity: 2 }, LINES)).toBeNull();
    expect(estimateLineFen({ kind: 'sublet', amountYuan: 12.5 }, LINES)).toBe(1_250);
  });
});

describe('the approval', () => {
  it('names only the adjusted lines, requires their reasons, and the parts to send back', () => {
    const rows = approvalRows(LINES);
    expect(approvalBody(rows, '')).toEqual({
      body: { adjustments: [], returnPositions: [], note: null },
      missingReason: [],
      invalidAmount: [],
      totalFen: 58_000,
    });
    const adjusted = rows.map((r) =>
      r.position === 1 ? { ...r, approvedYuan: 120 } : r.position === 2 ? { ...r, returnPart: true } : { ...r, approvedYuan: null },
    );
    const result = approvalBody(adjusted, ' ok ');
    expect(result.missingReason).toEqual([1]);
    expect(result.invalidAmount).toEqual([3]);
    expect(result.body.returnPositions).toEqual([2]);
    expect(result.body.note).toBe('ok');
    const fixed = approvalBody(
      adjusted.map((r) =>
        r.position === 1 ? { ...r, reason: '1 h is the flat rate' } : r.position === 3 ? { ...r, approvedYuan: 50 } : r,
      ),
      null,
    );
    expect(fixed.missingReason).toEqual([]);
    expect(fixed.body.adjustments).toEqual([{ position: 1, approvedFen: 12_000, reason: '1 h is the flat rate' }]);
    expect(fixed.totalFen).toBe(12_000 + 35_000 + 5_000);
  });
});

describe('policies', () => {
  const policy = (patch: Partial<WarrantyPolicy>): WarrantyPolicy => ({
    id: 'p',
    model: { id: 'm1', code: 'X1', name: 'X1' },
    modelYear: null,
    version: 1,
    effectiveFrom: '2024-01-01',
    terms: { vehicle: [{ useType: 'private', months: 36, km: 100_000 }], components: [], fittedPartsMonths: 12, firstMaintenance: null },
    note: null,
    createdAt: '2024-01-01T00:00:00Z',
    ...patch,
  });

  it('groups by model and model year, the newest version first, and finds the one in force', () => {
    const items = [
      policy({ id: 'a' }),
      policy({ id: 'b', version: 2, effectiveFrom: '2026-01-01' }),
      policy({ id: 'c', modelYear: 2026 }),
      policy({ id: 'd', model: { id: 'm0', code: 'A0', name: 'A0' } }),
    ];
    const groups = groupPolicies(items);
    expect(groups.map((g) => g.model.code)).toEqual(['A0', 'X1']);
    expect(groups[1]!.groups.map((g) => g.modelYear)).toEqual([null, 2026]);
    expect(groups[1]!.groups[0]!.versions.map((v) => v.id)).toEqual(['b', 'a']);
    expect(versionInForce(groups[1]!.groups[0]!.versions, '2025-06-01')?.id).toBe('a');
    expect(versionInForce(groups[1]!.groups[0]!.versions, '2026-06-01')?.id).toBe('b');
    expect(versionInForce(groups[1]!.groups[0]!.versions, '2023-06-01')).toBeNull();
  });

  it('starts a new version from the latest, and sends the terms as the contract takes them', () => {
    const values = policyFormValues(policy({ terms: { ...policy({}).terms, firstMaintenance: { months: 6, km: 5_000 } } }));
    values.components = [{ code: ' batt ', name: ' 动力电池 ', months: 96, km: 150_000 }];
    values.hasFirstMaintenance = false;
    expect(policyInput({ ...values, effectiveFrom: '2027-01-01', note: '  ' })).toEqual({
      modelId: 'm1',
      modelYear: null,
      effectiveFrom: '2027-01-01',
      terms: {
        vehicle: [{ useType: 'private', months: 36, km: 100_000 }],
        components: [{ code: 'BATT', name: '动力电池', months: 96, km: 150_000 }],
        fittedPartsMonths: 12,
        firstMaintenance: null,
      },
      note: null,
    });
  });

  it('finds repeated uses and codes, and maps the API’s field names to the form’s', () => {
    expect(repeatedIndexes(['private', 'taxi', 'private', undefined, ''])).toEqual([2]);
    expect(repeatedIndexes(['batt', 'BATT'])).toEqual([1]);
    expect(policyFieldAliases()['terms.components.3.code']).toBe('components.3.code');
    expect(policyFieldAliases()['terms.firstMaintenance.km']).toBe('firstMaintenanceKm');
  });
});
