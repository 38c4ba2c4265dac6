import { describe, expect, it } from 'vitest';
import { clampRange, daysBetween, defaultAnalysisRange, isMonth, paretoSeries, percentOf, previousMonth, rangeTooLong } from './reports';
import { warrantyPageOf } from './warranty';

describe('the analysis period', () => {
  it('defaults to the last 12 months to today, within the 366 days the API takes', () => {
    expect(defaultAnalysisRange('2025-06-15')).toEqual({ from: '2024-06-16', to: '2025-06-15' });
    expect(defaultAnalysisRange('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    const { from, to } = defaultAnalysisRange('2025-01-01');
    expect(rangeTooLong(from, to)).toBe(false);
  });

  it('cuts a longer period to the last 366 days', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(rangeTooLong('2024-01-01', '2025-01-01')).toBe(false);
    expect(rangeTooLong('2023-12-31', '2025-01-01')).toBe(true);
    expect(clampRange('2020-01-01', '2025-01-01')).toEqual({ from: '2024-01-01', to: '2025-01-01', clamped: true });
    expect(clampRange('2024-06-01', '2025-01-01')).toEqual({ from: '2024-06-01', to: '2025-01-01', clamped: false });
  });
});

describe('the settlement month', () => {
  it('defaults to last month', () => {
    expect(previousMonth('2025-03-10')).toBe('2025-02');
    expect(previousMonth('2025-01-31')).toBe('2024-12');
    expect(previousMonth('2025-11-01')).toBe('2025-10');
  });

  it('takes only a month the API takes', () => {
    expect(isMonth('2025-02')).toBe(true);
    expect(isMonth('2025-13')).toBe(false);
    expect(isMonth('1999-12')).toBe(false);
    expect(isMonth('2025-2')).toBe(false);
    expect(isMonth(null)).toBe(false);
  });
});

describe('rates and Pareto', () => {
  it('turns a rate into a percentage with one decimal', () => {
    expect(percentOf(0.12345)).toBe(12.3);
    expect(percentOf(1)).toBe(100);
    expect(percentOf(null)).toBeNull();
  });

  it('gives the bars in yuan and the line in percent', () => {
    const s = paretoSeries(
      [
        { key: 'noise', claims: 3, approvedFen: 150_000, share: 0.6, cumulativeShare: 0.6 },
        { key: 'leak', claims: 2, approvedFen: 100_000, share: 0.4, cumulativeShare: 1 },
      ],
      (k) => k.toUpperCase(),
    );
    expect(s).toEqual({ labels: ['NOISE', 'LEAK'], amounts: [1500, 1000], cumulative: [60, 100], claims: [3, 2] });
  });
});

describe('warrantyPageOf', () => {
  it('names the page of the warranty area a path is on', () => {
    expect(warrantyPageOf('/warranty/claims')).toBe('claims');
    expect(warrantyPageOf('/warranty/claims/abc')).toBe('claims');
    expect(warrantyPageOf('/warranty/campaigns/abc')).toBe('campaigns');
    expect(warrantyPageOf('/warranty/sanbao')).toBe('sanbao');
    expect(warrantyPageOf('/warranty/settlements')).toBe('settlements');
    expect(warrantyPageOf('/warranty/policies')).toBe('policies');
    expect(warrantyPageOf('/warranty/analysis-old')).toBe('claims');
  });
});
