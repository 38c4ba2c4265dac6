import type { PublicDealer } from '../../api/public';

export type PickupOffer = NonNullable<PublicDealer['pickup']>;

/** The driver's window for an appointment: it ends the dealer's lead time before the appointment and lasts its window. */
export function pickupWindowFor(startsAt: string, offer: Pick<PickupOffer, 'leadMinutes' | 'windowMinutes'>) {
  const end = new Date(startsAt).getTime() - offer.leadMinutes * 60_000;
  return { windowStart: new Date(end - offer.windowMinutes * 60_000).toISOString(), windowEnd: new Date(end).toISOString() };
}
