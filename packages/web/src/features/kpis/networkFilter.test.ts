import { describe, expect, it } from 'vitest';
import { filterParams, networkFilterOptions, withRegion } from './networkFilter';

const dealers = [
  { id: 'bj', code: 'BJ01', name: '北京远航', region: '华北', city: '北京', grade: 'A' as const },
  { id: 'cd', code: 'CD01', name: '成都远航', region: '西南', city: '成都', grade: 'B' as const },
  { id: 'tj', code: 'TJ01', name: '天津远航', region: '华北', city: '天津', grade: 'D' as const },
  { id: 'xx', code: 'XX01', name: '未分区', region: null, city: '佛山', grade: 'B' as const },
];

describe('the car maker’s dealer and region filter on the KPI pages', () => {
  it('offers the regions that exist and, once one is chosen, only its dealers', () => {
    expect(networkFilterOptions(dealers, null)).toEqual({ regions: ['华北', '西南'], dealers });
    expect(networkFilterOptions(dealers, '华北').dealers.map((d) => d.id)).toEqual(['bj', 'tj']);
  });

  it('drops the chosen dealer when the new region is not its own, and keeps it otherwise', () => {
    expect(withRegion({ dealerId: 'cd', region: null }, '华北', dealers)).toEqual({ dealerId: null, region: '华北' });
    expect(withRegion({ dealerId: 'bj', region: null }, '华北', dealers)).toEqual({ dealerId: 'bj', region: '华北' });
    expect(withRegion({ dealerId: 'bj', region: '华北' }, null, dealers)).toEqual({ dealerId: 'bj', region: null });
  });

  it('sends only what is chosen', () => {
    expect(filterParams({ dealerId: null, region: '西南' })).toEqual({ dealerId: undefined, region: '西南' });
    expect(filterParams({ dealerId: 'bj', region: null })).toEqual({ dealerId: 'bj', region: undefined });
  });
});
