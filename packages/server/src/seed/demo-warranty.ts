import type { ClaimKind, ClaimRejectCode, PayType, RepairOrder, RoLineInput, UseType, WarrantyTerms } from '@servicebay/contracts';
import type { Actor } from '../platform/actor.js';
import type { Services } from '../services.js';
import { between, pick, type Random } from './names.js';

// The warranty side of the demo history, through the use-cases: the car maker's policies, the
// warranty clerk's eligibility check at reception (a repair that is not covered is paid by the
// customer), the claim after delivery, and the car maker's answer when it has come by now.

export type WarrantyDesk = { clerk: Actor; reviewer: Actor; random: Random };
type Clock = { now(): Date; set(at: Date): void };

const DAY = 86_400_000;
const EVERY_USE = (months: number, km: number, taxi: [number, number]) =>
  (['private', 'company', 'taxi', 'ride_hailing'] as const satisfies readonly UseType[]).map((useType) =>
    useType === 'taxi' || useType === 'ride_hailing' ? { useType, months: taxi[0], km: taxi[1] } : { useType, months, km },
  );

/** The car maker's policies: 3 years or 100,000 km (taxis 1 year), batteries and motors 8 years; a newer S5 version. */
export async function seedWarrantyPolicies(services: Services, reviewer: Actor, models: { id: string; code: string; fuel_type: string }[]) {
  for (const model of models) {
    const newEnergy = model.fuel_type === 'electric' || model.fuel_type === 'plug_in_hybrid';
    const terms: WarrantyTerms = {
      vehicle: EVERY_USE(36, 100_000, [12, 100_000]),
      components: newEnergy
        ? [
            { code: 'BATTERY', name: '动力电池', months: 96, km: 150_000 },
            { code: 'MOTOR', name: '驱动电机', months: 96, km: 150_000 },
          ]
        : [{ code: 'ENGINE', name: '发动机', months: 60, km: 100_000 }],
      fittedPartsMonths: 12,
      firstMaintenance: { months: 6, km: 5_000 },
    };
    await services.warranty.createPolicy(reviewer, { modelId: model.id, modelYear: null, effectiveFrom: '2015-01-01', terms, note: null });
    if (model.code === 'S5')
      await services.warranty.createPolicy(reviewer, {
        modelId: model.id,
        modelYear: null,
        effectiveFrom: '2025-01-01',
        terms: { ...terms, vehicle: EVERY_USE(36, 120_000, [12, 120_000]) },
        note: '2025 年起销售的 S5 整车保修延长至 12 万公里',
      });
  }
}

type CheckedKind = Exclude<ClaimKind, 'campaign'>;
const TERM_OF: Record<CheckedKind, string> = { warranty: 'vehicle', free_first_maintenance: 'free_first_maintenance' };
const PAY_TYPE_OF: Record<CheckedKind, PayType> = { warranty: 'warranty', free_first_maintenance: 'free_first_maintenance' };

/**
 * At reception, the clerk checks each kind of line the car maker would pay for; what is not covered
 * the advisor moves to the customer's bill. Returns the kinds confirmed.
 */
export async function confirmAtReception(
  services: Services,
  desk: WarrantyDesk,
  sa: Actor,
  order: RepairOrder,
  lines: RoLineInput[],
): Promise<{ order: RepairOrder; confirmed: CheckedKind[] }> {
  const confirmed: CheckedKind[] = [];
  let current = order;
  for (const kind of ['warranty', 'free_first_maintenance'] as const) {
    if (!lines.some((l) => l.payType === PAY_TYPE_OF[kind])) continue;
    const check = await services.warranty.checkEligibility(desk.clerk, order.id, {
      term: TERM_OF[kind],
      findings: { nonAuthorisedRepair: false, unapprovedParts: false, misuse: false, accident: false },
      customerWords: order.concerns,
      technicianChecks: kind === 'warranty' ? '读取故障码 P0301，一缸失火，点火线圈检测不合格' : null,
      repairReport: kind === 'warranty' ? '更换点火线圈，清除故障码，路试正常' : null,
    });
    if (check.eligible) {
      confirmed.push(kind);
      continue;
    }
    const moved = lines.map((l) => (l.payType === PAY_TYPE_OF[kind] ? { ...l, payType: 'customer' as const } : l));
    current = await services.repairOrders.update(sa, order.id, { version: current.version, lines: moved });
    lines.splice(0, lines.length, ...moved);
  }
  return { order: current, confirmed };
}

const REJECTIONS: ClaimRejectCode[] = ['insufficient_evidence', 'labour_not_justified', 'not_covered'];

/**
 * After delivery: the clerk prepares and submits the claim within days (now and then too late), the
 * car maker answers within two weeks. Whatever would happen after `end` has not happened yet.
 */
export async function claimAfterDelivery(
  services: Services,
  desk: WarrantyDesk,
  clock: Clock,
  orderId: string,
  kinds: CheckedKind[],
  end: Date,
) {
  const { random, clerk, reviewer } = desk;
  const until = (days: number, hours = 0) => {
    const at = new Date(clock.now().getTime() + days * DAY + hours * 3_600_000);
    if (at >= end) return false;
    clock.set(at);
    return true;
  };
  for (const kind of kinds) {
    if (!until(between(random, 0, 1), between(random, 1, 6))) return;
    let claim = await services.warranty.prepareClaim(clerk, {
      repairOrderId: orderId,
      kind,
      ...(kind === 'warranty' ? { failureCode: 'warning_light', causeCode: 'supplier_part' } : {}),
    });
    const late = random() < 0.08;
    if (!until(late ? between(random, 11, 14) : between(random, 1, 8), between(random, 1, 6))) continue;
    claim = await services.warranty.submitClaim(clerk, claim.id, { version: claim.version, claimedFen: claim.claimedFen });
    if (!until(between(random, 4, 20), between(random, 1, 6))) continue;
    const answer = late
      ? 'reject_late'
      : pick(random, ['approve', 'approve', 'approve', 'approve', 'adjust', 'adjust', 'return', 'return', 'reject']);
    if (answer === 'return') {
      claim = await services.warranty.returnClaim(reviewer, claim.id, { version: claim.version, note: '请补充故障码截图和维修前后照片' });
      if (!until(between(random, 2, 12), between(random, 1, 6))) continue;
      claim = await services.warranty.updateClaim(clerk, claim.id, {
        version: claim.version,
        technicianChecks: `${claim.technicianChecks ?? ''}（已补充故障码截图与维修照片）`,
      });
      claim = await services.warranty.submitClaim(clerk, claim.id, { version: claim.version, claimedFen: claim.claimedFen });
      if (!until(between(random, 2, 6), between(random, 1, 6))) continue;
    }
    if (answer === 'reject' || answer === 'reject_late') {
      await services.warranty.rejectClaim(reviewer, claim.id, {
        version: claim.version,
        code: answer === 'reject_late' ? 'late_submission' : pick(random, REJECTIONS),
        reason: answer === 'reject_late' ? '超过索赔提交时限' : '证据不足，无法确认为质量故障',
      });
      continue;
    }
    const labour = claim.lines.find((l) => l.kind === 'labour');
    const adjustments =
      answer === 'adjust' && labour
        ? [{ position: labour.position, approvedFen: Math.round(labour.amountFen * 0.8), reason: '工时按厂家标准工时核定' }]
        : [];
    const parts = claim.lines.filter((l) => l.kind === 'parts').map((l) => l.position);
    claim = await services.warranty.approveClaim(reviewer, claim.id, {
      version: claim.version,
      adjustments,
      returnPositions: kind === 'warranty' ? parts : [],
      note: null,
    });
    // The replaced parts go back to the car maker's claims centre within days (the charge-back timer is the backstop).
    if (!claim.partsReturn || !until(between(random, 1, 6), between(random, 1, 6))) continue;
    claim = await services.warranty.shipParts(clerk, claim.id, {
      version: claim.version,
      waybill: `SF${between(random, 1_000_000_000, 9_999_999_999)}`,
    });
    if (!until(between(random, 2, 6), between(random, 1, 6))) continue;
    await services.warranty.receiveParts(reviewer, claim.id, { version: claim.version, note: '旧件已收到，检验确认为质量故障' });
  }
}

/** A recall on every plug-in hybrid of the network, launched a month before the demo's today. */
export async function seedDemoCampaign(services: Services, reviewer: Actor, models: { id: string; code: string }[], validFrom: string) {
  const h6 = models.find((m) => m.code === 'H6');
  if (!h6) return;
  await services.campaigns.create(reviewer, {
    code: 'RC-2026-H6-01',
    kind: 'recall',
    title: 'H6 PHEV 高压线束固定卡扣检查加固',
    description: '部分车辆高压线束固定卡扣可能松脱，存在线束磨损风险。检查并加装加强卡扣。',
    labourCode: 'RC-H6-01',
    labourHours: 0.8,
    parts: [],
    validFrom,
    validTo: null,
    rule: { modelId: h6.id },
  });
}

/** A car with an open campaign has its work done at the visit, most of the time. */
export async function doOpenCampaign(services: Services, desk: WarrantyDesk, sa: Actor, vehicleId: string, orderId: string) {
  const open = (await services.campaigns.ofVehicle(sa, vehicleId)).items.find((c) => c.open);
  if (open && desk.random() < 0.8) await services.warranty.recordCampaignWork(sa, orderId, { campaignId: open.id });
}
