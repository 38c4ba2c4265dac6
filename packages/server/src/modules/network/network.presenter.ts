import type { Dealer } from '@servicebay/contracts';
import type { Selectable } from 'kysely';
import type { DealersTable } from '../../platform/db.schema.js';

export function presentDealer(d: Selectable<DealersTable>): Dealer {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    grade: d.grade,
    city: d.city,
    region: d.region,
    timeZone: d.time_zone,
    openingHours: { opensAt: d.opens_at.slice(0, 5), closesAt: d.closes_at.slice(0, 5) },
  };
}
