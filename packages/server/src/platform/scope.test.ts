import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import { dealerScopeOf, scopeOf } from './scope.js';

const actor = (dealerId: string | null): Actor => ({
  userId: 'u1',
  tokenId: null,
  networkId: 'n1',
  dealerId,
  roles: dealerId ? ['service_manager'] : ['oem_analyst'],
  timeZone: 'Asia/Shanghai',
  requestId: null,
});

describe('scopeOf', () => {
  it("gives a dealer's staff their own dealer whatever narrowing they send", () => {
    const own = { kind: 'dealer', networkId: 'n1', dealerId: 'd1' };
    expect(scopeOf(actor('d1'))).toEqual(own);
    expect(scopeOf(actor('d1'), { region: '华东', city: '上海', grade: 'A' })).toEqual(own);
    expect(scopeOf(actor('d1'), { dealerIds: ['d1'] })).toEqual(own);
  });

  it('refuses a dealer user naming another dealer, alone or beside their own', () => {
    for (const dealerIds of [['d2'], ['d1', 'd2']]) {
      expect(() => scopeOf(actor('d1'), { dealerIds })).toThrow(AppError);
    }
  });

  it("gives the car maker's staff the network, narrowed as asked", () => {
    expect(scopeOf(actor(null))).toEqual({ kind: 'network', networkId: 'n1' });
    expect(scopeOf(actor(null), { dealerIds: ['d2', 'd2'], region: '华南', grade: 'B' })).toEqual({
      kind: 'network',
      networkId: 'n1',
      dealerIds: ['d2'],
      region: '华南',
      grade: 'B',
    });
  });

  it('lets only dealer staff write at a dealer', () => {
    expect(dealerScopeOf(actor('d1')).dealerId).toBe('d1');
    expect(() => dealerScopeOf(actor(null))).toThrow(AppError);
  });
});
