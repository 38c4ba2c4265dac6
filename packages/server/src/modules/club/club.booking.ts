import type { ClubSettingsValues } from '@servicebay/contracts';
import type { Database } from '../../platform/db.js';
import { levelSetting } from './club.rules.js';
import { loadClubSettings, memberLevel } from './club.settlement.js';

// The club's step at booking, run inside the booking's own transaction (the appointments service
// calls it): whether the customer's level gives priority booking.

/** Whether the customer's level gives priority booking; a customer who is no member costs the booking one read. */
export async function hasPriorityBooking(tx: Database, input: { networkId: string; customerId: string; now: Date; today: string }) {
  let settings: ClubSettingsValues | undefined;
  const load = async () => (settings = await loadClubSettings(tx, input.networkId));
  const level = await memberLevel(tx, input.networkId, input.customerId, input.now, input.today, load);
  return level !== null && levelSetting(settings!.levels, level).priorityBooking;
}
