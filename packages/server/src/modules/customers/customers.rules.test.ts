import { describe, expect, it } from 'vitest';
import { isEmptyPlan, planSearch, prefixRange } from './customers.rules.js';

describe('reading the search box', () => {
  it('reads 11 digits as a full mobile, not a plate', () => {
    expect(planSearch('138 0013 8000')).toMatchObject({ mobile: '13800138000', plateFragment: null, mobileLast4: null });
  });
  it('reads 4 digits as a mobile tail and a plate fragment', () => {
    expect(planSearch('8000')).toMatchObject({ mobileLast4: '8000', plateFragment: '8000' });
  });
  it('reads a plate written from its province, any way, as a plate prefix', () => {
    expect(planSearch('京a·123').platePrefix).toBe('京A123');
    expect(planSearch('粤Ｂ　Ｄ１２').platePrefix).toBe('粤BD12');
    expect(planSearch('京A').platePrefix).toBe('京A');
  });
  it('reads 3 or more plate characters without the province as a fragment, fewer as nothing', () => {
    expect(planSearch('a·12').plateFragment).toBe('A12');
    expect(isEmptyPlan(planSearch('A1'))).toBe(true);
  });
  it('reads 17 VIN characters as a VIN and 6 as a VIN tail', () => {
    expect(planSearch('lyhs5a1c7tb100001')).toMatchObject({ vin: 'LYHS5A1C7TB100001', plateFragment: null });
    expect(planSearch('b10001')).toMatchObject({ vinLast6: 'B10001', plateFragment: 'B10001' });
  });
  it('reads Chinese text as a name', () => {
    expect(planSearch('王伟')).toMatchObject({ name: '王伟', plateFragment: null });
  });
  it('ignores blank input', () => {
    expect(isEmptyPlan(planSearch('   '))).toBe(true);
  });
});

describe('the range of texts with a prefix', () => {
  const inRange = (prefix: string, text: string) => {
    const { from, to } = prefixRange(prefix);
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    return Buffer.compare(bytes(text), bytes(from)) >= 0 && Buffer.compare(bytes(text), bytes(to)) < 0;
  };

  it('holds exactly the texts that start with the prefix, compared byte-wise', () => {
    expect(prefixRange('A12')).toEqual({ from: 'A12', to: 'A13' });
    expect(prefixRange('京A')).toEqual({ from: '京A', to: '京B' });
    expect(prefixRange('王')).toEqual({ from: '王', to: String.fromCodePoint('王'.codePointAt(0)! + 1) });
    for (const text of ['A12', 'A123', 'A12Z', 'A12京']) expect(inRange('A12', text), text).toBe(true);
    for (const text of ['A1', 'A13', 'A2', 'B12', '京A12']) expect(inRange('A12', text), text).toBe(false);
    for (const text of ['王', '王伟', '王伟明']) expect(inRange('王', text), text).toBe(true);
    expect(inRange('王', '玉')).toBe(false);
  });

  it('steps over the surrogates and past the last code point', () => {
    expect(prefixRange('a\ud7ff')).toEqual({ from: 'a\ud7ff', to: 'a\ue000' });
    expect(prefixRange('a\u{10ffff}')).toEqual({ from: 'a\u{10ffff}', to: 'b' });
  });
});
