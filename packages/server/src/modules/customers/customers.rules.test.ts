import { describe, expect, it } from 'vitest';
import { isEmptyPlan, planSearch } from './customers.rules.js';

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
