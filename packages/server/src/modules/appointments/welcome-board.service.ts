import { maskPlate, type Salutation, salutationOf, surnameOf } from '@servicebay/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, localDate, localTime, zonedInstant } from '../../platform/dealer-time.js';
import { notFound } from '../../platform/errors.js';
import { createAppointmentsRepository } from './appointments.repository.js';
import { dealerScope } from './appointments.scope.js';

/** The lobby screen's Chinese greeting after the surname (the screen itself greets in its own language). */
const LOBBY_TITLE: Record<Salutation, string> = { mr: '先生', ms: '女士', mr_or_ms: '先生/女士', guest: '贵宾' };

export function createWelcomeBoardService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  return {
    /** A lobby screen: today's expected customers by surname and masked plate. */
    async welcomeBoard(dealerCode: string) {
      const dealer = await createAppointmentsRepository(db).dealerByCode(dealerCode);
      if (!dealer) throw notFound('dealer');
      const today = localDate(clock.now(), dealer.time_zone);
      const rows = await createAppointmentsRepository(db).list(
        dealerScope({ networkId: dealer.network_id, dealerId: dealer.id }),
        zonedInstant(today, '00:00', dealer.time_zone),
        zonedInstant(addDays(today, 1), '00:00', dealer.time_zone),
        {},
      );
      const genders = await createAppointmentsRepository(db).customerSalutations(
        dealer.network_id,
        rows.map((r) => r.customer_id),
      );
      return {
        dealerName: dealer.name,
        date: today,
        entries: rows
          .filter((r) => r.status !== 'cancelled' && r.status !== 'no_show')
          .map((r) => {
            const who = genders.find((g) => g.id === r.customer_id);
            const salutation = salutationOf({ gender: who?.gender ?? null, kind: who?.kind ?? null });
            const surname = surnameOf(r.customer_name);
            return {
              time: localTime(r.starts_at, dealer.time_zone),
              greeting: salutation === 'guest' ? LOBBY_TITLE.guest : `${surname}${LOBBY_TITLE[salutation]}`,
              surname,
              salutation,
              plate: maskPlate(r.plate_key),
              status: r.status,
            };
          }),
      };
    },
  };
}

export type WelcomeBoardService = ReturnType<typeof createWelcomeBoardService>;
