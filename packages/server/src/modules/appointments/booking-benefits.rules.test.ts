import { describe, expect, it } from 'vitest';
import {
  type BenefitSettings,
  bookingOffer,
  dealerLateness,
  dedicatedLaneOf,
  forfeitsBenefits,
  forfeitWindowStart,
  keptAppointmentBenefit,
} from './booking-benefits.rules.js';

const offer: BenefitSettings = {
  keptLabourDiscountPercent: 10,
  dedicatedLane: true,
  apologyGift: '车载香薰',
  noShowForfeitCount: 2,
  noShowForfeitMonths: 12,
};
const kept = { number: 'A20261203-001', arrivalStatus: 'on_time' as const, recentNoShows: 0 };
const at = (local: string) => new Date(`${local}+08:00`);

describe('benefits of booking (domain.md §3)', () => {
  it('are lost after the set number of no-shows, never when the rule is off', () => {
    expect(forfeitsBenefits(1, offer)).toBe(false);
    expect(forfeitsBenefits(2, offer)).toBe(true);
    expect(forfeitsBenefits(9, { noShowForfeitCount: 0 })).toBe(false);
    expect(forfeitWindowStart(at('2026-12-03T09:00'), 12).toISOString()).toBe(at('2025-12-03T09:00').toISOString());
  });

  it('promise at booking only what is offered and not lost', () => {
    expect(bookingOffer(offer, 0)).toEqual({ labourDiscountPercent: 10, dedicatedLane: true, apologyGift: '车载香薰' });
    expect(bookingOffer(offer, 2)).toBeNull();
    expect(bookingOffer({ ...offer, keptLabourDiscountPercent: 0, dedicatedLane: false, apologyGift: '' }, 0)).toBeNull();
  });

  it('flag the dedicated lane for an appointment still to be received, unless lost', () => {
    expect(dedicatedLaneOf({ status: 'confirmed', recentNoShows: 1, priorityMember: false }, offer)).toBe(true);
    expect(dedicatedLaneOf({ status: 'confirmed', recentNoShows: 2, priorityMember: false }, offer)).toBe(false);
    expect(dedicatedLaneOf({ status: 'cancelled', recentNoShows: 0, priorityMember: false }, offer)).toBe(false);
    expect(dedicatedLaneOf({ status: 'booked', recentNoShows: 0, priorityMember: false }, { ...offer, dedicatedLane: false })).toBe(false);
    // A member with priority booking has the lane whatever the dealer offers or the no-shows, until received.
    expect(dedicatedLaneOf({ status: 'booked', recentNoShows: 5, priorityMember: true }, { ...offer, dedicatedLane: false })).toBe(true);
    expect(dedicatedLaneOf({ status: 'completed', recentNoShows: 0, priorityMember: true }, offer)).toBe(false);
  });

  it('judge the dealer late at reception or at delivery', () => {
    const visit = { arrivedAt: at('2026-12-03T09:00'), greetedAt: at('2026-12-03T09:02'), promisedAt: at('2026-12-03T12:00') };
    expect(dealerLateness({ ...visit, readyAt: at('2026-12-03T11:50') }, 2, at('2026-12-03T12:30'))).toBeNull();
    expect(dealerLateness({ ...visit, greetedAt: at('2026-12-03T09:05'), readyAt: null }, 2, at('2026-12-03T10:00'))).toBe('reception');
    expect(dealerLateness({ ...visit, readyAt: at('2026-12-03T12:10') }, 2, at('2026-12-03T12:30'))).toBe('delivery');
    expect(dealerLateness({ ...visit, readyAt: null }, 2, at('2026-12-03T12:01'))).toBe('delivery');
  });

  it('discount the labour left of an on-time appointment and give the gift only when the dealer was late', () => {
    expect(keptAppointmentBenefit({ appointment: kept, settings: offer, labourLeftFen: 24_305, dealerLate: null })).toEqual({
      appointmentNumber: kept.number,
      labourDiscountPercent: 10,
      discountFen: 2_431,
      apologyGift: null,
      dealerLate: null,
    });
    expect(keptAppointmentBenefit({ appointment: kept, settings: offer, labourLeftFen: 0, dealerLate: 'delivery' })).toMatchObject({
      discountFen: 0,
      apologyGift: '车载香薰',
      dealerLate: 'delivery',
    });
  });

  it('give nothing to a walk-in, a late or early arrival, or a customer whose no-shows lost it', () => {
    const input = { settings: offer, labourLeftFen: 30_000, dealerLate: 'reception' as const };
    expect(keptAppointmentBenefit({ ...input, appointment: null })).toBeNull();
    expect(keptAppointmentBenefit({ ...input, appointment: { ...kept, arrivalStatus: 'late' } })).toBeNull();
    expect(keptAppointmentBenefit({ ...input, appointment: { ...kept, arrivalStatus: 'early' } })).toBeNull();
    expect(keptAppointmentBenefit({ ...input, appointment: { ...kept, recentNoShows: 2 } })).toBeNull();
    expect(
      keptAppointmentBenefit({ ...input, dealerLate: null, settings: { ...offer, keptLabourDiscountPercent: 0 }, appointment: kept }),
    ).toBeNull();
  });
});
