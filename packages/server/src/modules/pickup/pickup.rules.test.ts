import { pickupFeeOf as feeOf } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PICKUP_SETTINGS, handOverProblem, messageOf, pickupStep, quoteArea, windowProblem } from './pickup.rules.js';

const settings = {
  ...DEFAULT_PICKUP_SETTINGS,
  enabled: true,
  maxDistanceKm: 20,
  freeKm: 10,
  feePerKmFen: 300,
  areas: [
    { name: '朝阳区', distanceKm: 8 },
    { name: '海淀区', distanceKm: 12.5 },
    { name: '通州区', distanceKm: 26 },
  ],
};

describe('the pick-up area and fee', () => {
  it('is free within the free distance and charges each started km beyond it', () => {
    expect(quoteArea(settings, '朝阳区')).toEqual({ ok: true, distanceKm: 8, feeFen: 0 });
    // 12.5 km, 10 free: 2.5 km → 3 started km × 3 yuan.
    expect(quoteArea(settings, '海淀区')).toEqual({ ok: true, distanceKm: 12.5, feeFen: 900 });
    expect(feeOf(11, settings)).toBe(300);
    expect(feeOf(10, settings)).toBe(0);
  });

  it('refuses an area beyond the limit, an area the dealer does not list, and a dealer that offers none', () => {
    expect(quoteArea(settings, '通州区')).toMatchObject({ ok: false, field: 'area', code: 'outside_area' });
    expect(quoteArea(settings, '延庆区')).toMatchObject({ ok: false, field: 'area', code: 'unknown_area' });
    expect(quoteArea({ ...settings, enabled: false }, '朝阳区')).toMatchObject({ ok: false, code: 'pickup_disabled' });
  });
});

describe('the time window', () => {
  const now = new Date('2026-12-03T01:00:00Z');
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
  it('takes a window of up to four hours ahead of now', () => {
    expect(windowProblem(at(1), at(3), now)).toBeNull();
    expect(windowProblem(at(1), at(5), now)).toBeNull();
  });
  it('refuses one that ends first, lasts longer, has begun or lies more than 60 days out', () => {
    expect(windowProblem(at(3), at(1), now)).toMatchObject({ field: 'windowEnd', code: 'before_start' });
    expect(windowProblem(at(1), at(5.5), now)).toMatchObject({ field: 'windowEnd', code: 'window_too_long' });
    expect(windowProblem(at(-1), at(1), now)).toMatchObject({ field: 'windowStart', code: 'in_past' });
    expect(windowProblem(at(61 * 24), at(61 * 24 + 1), now)).toMatchObject({ field: 'windowStart', code: 'beyond_pickup_horizon' });
  });
});

describe('the steps of a job', () => {
  it('goes assigned → set out → taken → handed over, and a driver changes only before setting out', () => {
    expect(pickupStep('requested', 'assign')).toEqual({ ok: true, to: 'assigned' });
    expect(pickupStep('assigned', 'assign')).toEqual({ ok: true, to: 'assigned' });
    expect(pickupStep('assigned', 'set_out')).toEqual({ ok: true, to: 'en_route' });
    expect(pickupStep('en_route', 'take')).toEqual({ ok: true, to: 'picked_up' });
    expect(pickupStep('picked_up', 'hand_over')).toEqual({ ok: true, to: 'completed' });
    expect(pickupStep('en_route', 'assign').ok).toBe(false);
    expect(pickupStep('requested', 'set_out').ok).toBe(false);
    expect(pickupStep('picked_up', 'cancel').ok).toBe(false);
    expect(pickupStep('completed', 'hand_over').ok).toBe(false);
  });

  it('hands over at no fewer km than the car was taken at', () => {
    expect(handOverProblem(12_000, 12_014)).toBeNull();
    expect(handOverProblem(12_000, 11_999)).toMatchObject({ field: 'odometerKm', code: 'below_start_km' });
    expect(handOverProblem(null, 5)).toBeNull();
  });

  it('texts the customer when the driver sets out and when a delivered car is back, nothing else', () => {
    expect(messageOf('pickup', 'set_out')).toBe('pickup.set_out');
    expect(messageOf('delivery', 'hand_over')).toBe('pickup.car_back');
    expect(messageOf('pickup', 'hand_over')).toBeNull();
    expect(messageOf('designated_driving', 'take')).toBeNull();
  });
});
