import type { KpiRecord } from '@servicebay/contracts';
import { LOWER_IS_BETTER, NETWORK_KPIS } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import {
  compareFigures,
  filterOptions,
  formatKpi,
  inTopQuartile,
  judge,
  KPI_UNITS,
  lastFullMonths,
  monthsBetween,
  monthsOf,
  queryFromParams,
  RATE_KPIS,
  recordPath,
  trendSeries,
} from './cockpit';

const text = { none: '—', hours: 'h' };

describe('the cockpit figures', () => {
  it('reads each figure in its unit: %, yuan from fen, counts, per 100 ROs, hours, score', () => {
    expect(formatKpi('onTimeDeliveryRate', 92.14, text)).toBe('92.1%');
    expect(formatKpi('noShowRate', 0, text)).toBe('0.0%');
    expect(formatKpi('revenueFen', 123_456_789, text)).toBe('¥1,234,568');
    expect(formatKpi('throughput', 1280, text)).toBe('1,280');
    expect(formatKpi('throughput', 66.666, text)).toBe('66.7');
    expect(formatKpi('complaintsPer100Ros', 1.254, text)).toBe('1.25');
    expect(formatKpi('complaintCloseHours', 36.46, text)).toBe('36.5 h');
    expect(formatKpi('csiScore', 87.25, text)).toBe('87.3');
  });

  it('shows a missing figure as such, not as zero', () => {
    expect(formatKpi('csiScore', null, text)).toBe('—');
    expect(formatKpi('revenueFen', undefined, text)).toBe('—');
  });

  it('has a unit for every KPI of the contract', () => {
    for (const kpi of NETWORK_KPIS) expect(KPI_UNITS[kpi], kpi).toBeDefined();
    expect(RATE_KPIS).toContain('onTimeDeliveryRate');
    expect(RATE_KPIS).not.toContain('complaintsPer100Ros');
  });
});

describe('better or worse than the network average', () => {
  it('is better above the average where higher is better', () => {
    expect(judge('onTimeDeliveryRate', 95, 90)).toBe('better');
    expect(judge('onTimeDeliveryRate', 85, 90)).toBe('worse');
    expect(judge('csiScore', 91.2, 88)).toBe('better');
  });

  it('is better below the average where lower is better (LOWER_IS_BETTER decides)', () => {
    for (const kpi of LOWER_IS_BETTER) {
      expect(judge(kpi, 1, 2), kpi).toBe('better');
      expect(judge(kpi, 3, 2), kpi).toBe('worse');
    }
    expect(judge('noShowRate', 4.2, 8.5)).toBe('better');
    expect(judge('complaintCloseHours', 70, 48)).toBe('worse');
  });

  it('calls figures equal as shown even, and judges nothing without a figure or an average', () => {
    expect(judge('onTimeDeliveryRate', 92.11, 92.14)).toBe('even');
    expect(judge('revenueFen', 100_020, 100_040)).toBe('even');
    expect(judge('csiScore', null, 80)).toBeNull();
    expect(judge('csiScore', 80, null)).toBeNull();
  });

  it('marks the top quartile in the KPI’s direction', () => {
    expect(inTopQuartile('firstTimeFixRate', 97, 96)).toBe(true);
    expect(inTopQuartile('firstTimeFixRate', 95, 96)).toBe(false);
    expect(inTopQuartile('repeatRepairRate', 1.5, 2)).toBe(true);
    expect(inTopQuartile('repeatRepairRate', 2.5, 2)).toBe(false);
    expect(inTopQuartile('csiScore', null, 90)).toBe(false);
  });
});

describe('sorting a column', () => {
  // What antd does with the sorter: it negates the answer for a descending sort.
  const sort = (values: (number | null)[], order: 'ascend' | 'descend') =>
    [...values].sort((a, b) => (order === 'ascend' ? 1 : -1) * compareFigures(a, b, order));

  it('orders by the figure and keeps missing figures last both ways', () => {
    expect(sort([3, null, 1, 2], 'ascend')).toEqual([1, 2, 3, null]);
    expect(sort([3, null, 1, 2], 'descend')).toEqual([3, 2, 1, null]);
    expect(sort([null, 5, null], 'descend')).toEqual([5, null, null]);
  });
});

describe('the period', () => {
  it('defaults to the last 12 full months', () => {
    expect(lastFullMonths('2026-12-03')).toEqual({ from: '2025-12', to: '2026-11' });
    expect(lastFullMonths('2026-01-31')).toEqual({ from: '2025-01', to: '2025-12' });
    expect(lastFullMonths('2026-03-01', 3)).toEqual({ from: '2025-12', to: '2026-02' });
  });

  it('counts and lists months across years', () => {
    expect(monthsBetween('2025-12', '2026-11')).toBe(12);
    expect(monthsBetween('2026-02', '2026-01')).toBe(0);
    expect(monthsOf('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('reads the period and filters from the address, falling back to the default on anything invalid', () => {
    const q = (s: string, withFilters = true) => queryFromParams(new URLSearchParams(s), '2026-12-03', withFilters);
    expect(q('from=2026-01&to=2026-06&region=华北&city=北京&grade=A')).toEqual({
      from: '2026-01',
      to: '2026-06',
      region: '华北',
      city: '北京',
      grade: 'A',
    });
    expect(q('from=2026-06&to=2026-01')).toMatchObject({ from: '2025-12', to: '2026-11' });
    expect(q('from=2020-01&to=2026-01')).toMatchObject({ from: '2025-12', to: '2026-11' });
    expect(q('from=2026-13&to=2026-14&grade=Z')).toEqual({
      from: '2025-12',
      to: '2026-11',
      region: undefined,
      city: undefined,
      grade: undefined,
    });
    // A dealer's managers have no network filters.
    expect(q('from=2026-01&to=2026-03&region=华北', false)).toEqual({ from: '2026-01', to: '2026-03' });
  });
});

describe('the filters', () => {
  const dealers = [
    { region: '华北', city: '北京', grade: 'A' as const },
    { region: '西南', city: '成都', grade: 'B' as const },
    { region: '华南', city: '佛山', grade: 'D' as const },
    { region: null, city: '天津', grade: 'B' as const },
  ];

  it('offers the regions, the cities of the chosen region and the grades that exist', () => {
    const all = filterOptions(dealers);
    expect(all.regions).toHaveLength(3);
    expect(all.cities).toHaveLength(4);
    expect(all.grades).toEqual(['A', 'B', 'D']);
    expect(filterOptions(dealers, '西南').cities).toEqual(['成都']);
  });
});

describe('the trend', () => {
  it('shows money in yuan and keeps missing months empty', () => {
    const s = trendSeries({
      kpi: 'revenueFen',
      months: [
        { month: '2026-01', dealer: 1_000_000, network: 900_000 },
        { month: '2026-02', dealer: null, network: 950_050 },
      ],
    });
    expect(s).toEqual({ months: ['2026-01', '2026-02'], dealer: [10_000, null], network: [9_000, 9_501] });
  });
});

describe('the records behind a figure', () => {
  const at = '2026-06-01T02:00:00.000Z';
  const day = () => '2026-06-01';

  it('open the page of each kind', () => {
    const of = (kind: KpiRecord['kind'], id: string, number: string | null = 'N-1') => recordPath({ kind, id, at, number }, day);
    expect(of('repair_order', 'r1')).toBe('/repair-orders/r1');
    expect(of('complaint', 'c1')).toBe('/complaints/c1');
    expect(of('follow_up', 'f1', null)).toBe('/follow-up/f1');
    expect(of('appointment', 'a1')).toBe('/appointments?date=2026-06-01&open=a1&highlight=a1');
    expect(of('survey', 's1', null)).toBeNull();
  });

  it('open the visit of an arrival that never got a repair order', () => {
    expect(recordPath({ kind: 'repair_order', id: 'v1', at, number: null }, day)).toBe('/visits/v1');
  });
});

describe('the cockpit texts', () => {
  it('name every KPI and its formula in both languages', () => {
    for (const kpi of NETWORK_KPIS) {
      expect(zhCN.cockpit.kpis[kpi], kpi).toBeTruthy();
      expect(en.cockpit.kpis[kpi], kpi).toBeTruthy();
      expect(zhCN.cockpit.formulas[kpi], kpi).toBeTruthy();
      expect(en.cockpit.formulas[kpi], kpi).toBeTruthy();
    }
  });
});
