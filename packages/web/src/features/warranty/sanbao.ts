// Pure rules of the 三包 pages: each threshold of a car as a meter (value against its limit), and the
// 三包 settings as the form edits them.
import { isSanbaoEvent, SANBAO_THRESHOLDS, type SanbaoThreshold } from '@servicebay/contracts/constants';
import type { SanbaoFlag, SanbaoSettings, SanbaoStanding, SanbaoWatchItem } from '../../api/warranty';

export type SanbaoLevel = 'ok' | 'near' | 'reached';

export type SanbaoMeter = {
  threshold: SanbaoThreshold;
  value: number;
  /** Null when neither the flag nor the readable settings give it. */
  limit: number | null;
  level: SanbaoLevel;
  /** 0–100, for a progress bar. */
  percent: number;
};

const limitOf = (threshold: SanbaoThreshold, s: SanbaoSettings | null | undefined): number | null => {
  if (isSanbaoEvent(threshold)) return 1;
  if (!s) return null;
  if (threshold === 'repair_days') return s.repairDaysLimit;
  if (threshold === 'same_defect') return s.sameDefectLimit;
  return s.majorPartLimit;
};

const countOf = (threshold: SanbaoThreshold, s: SanbaoStanding): number => {
  if (threshold === 'repair_days') return s.repairDays;
  if (threshold === 'same_defect') return s.sameDefect.count;
  if (threshold === 'major_part') return s.majorPartRepairs;
  if (threshold === 'failure_at_delivery') return s.failureAtDelivery ? 1 : 0;
  return s.earlyMajorFailure ? 1 : 0;
};

/**
 * Each threshold of the car: its value and limit (the flag's when it is near or reached, else the
 * settings'), how near it is, and the share of the limit for the bar.
 */
export function sanbaoMeters(standing: SanbaoStanding, settings?: SanbaoSettings | null): SanbaoMeter[] {
  return SANBAO_THRESHOLDS.map((threshold) => {
    const flag: SanbaoFlag | undefined = standing.flags.find((f) => f.threshold === threshold);
    const value = flag?.value ?? countOf(threshold, standing);
    const limit = flag?.limit ?? limitOf(threshold, settings);
    let level: SanbaoLevel = flag?.level ?? 'ok';
    if (isSanbaoEvent(threshold) && value > 0) level = 'reached';
    const percent = limit ? Math.min(100, Math.round((value / limit) * 100)) : 0;
    return { threshold, value, limit, level, percent };
  });
}

/** The worst level of a car's flags. */
export function worstLevel(flags: readonly Pick<SanbaoFlag, 'level'>[]): SanbaoLevel {
  if (flags.some((f) => f.level === 'reached')) return 'reached';
  if (flags.some((f) => f.level === 'near')) return 'near';
  return 'ok';
}

const LEVEL_ORDER: Record<SanbaoLevel, number> = { reached: 0, near: 1, ok: 2 };

/** The watch list: the cars at a threshold first, then those near one; the oldest case first within each. */
export function sortWatch(items: readonly SanbaoWatchItem[]): SanbaoWatchItem[] {
  return [...items].sort(
    (a, b) =>
      LEVEL_ORDER[worstLevel(a.case.flags)] - LEVEL_ORDER[worstLevel(b.case.flags)] || a.case.openedAt.localeCompare(b.case.openedAt),
  );
}

export const LEVEL_COLORS: Record<SanbaoLevel, string> = { ok: '#1677ff', near: '#fa8c16', reached: '#cf1322' };
export const LEVEL_TAG_COLORS: Record<SanbaoLevel, string> = { ok: 'default', near: 'orange', reached: 'red' };

/** The 三包 settings as the form shows them: the warning share as a percentage. */
export type SanbaoSettingsValues = Omit<SanbaoSettings, 'warnAtShare'> & { warnAtPercent: number | null };

export function sanbaoToValues(s: SanbaoSettings): SanbaoSettingsValues {
  const { warnAtShare, ...rest } = s;
  return { ...rest, warnAtPercent: Math.round(warnAtShare * 100) };
}

export function valuesToSanbao(v: SanbaoSettingsValues): SanbaoSettings {
  const { warnAtPercent, ...rest } = v;
  return { ...rest, warnAtShare: (warnAtPercent ?? 80) / 100 };
}
