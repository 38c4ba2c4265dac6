import { z } from 'zod';
import { DEALER_GRADES } from './network.constants.js';

export * from './network.constants.js';

export const openingHoursSchema = z.object({ opensAt: z.string().regex(/^\d{2}:\d{2}$/), closesAt: z.string().regex(/^\d{2}:\d{2}$/) });

export const dealerSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  grade: z.enum(DEALER_GRADES),
  city: z.string(),
  region: z.string().nullable(),
  timeZone: z.string(),
  openingHours: openingHoursSchema,
});
export type Dealer = z.infer<typeof dealerSchema>;

/** The dealers the user can see. */
export const dealerListSchema = z.object({ items: z.array(dealerSchema) });
export type DealerList = z.infer<typeof dealerListSchema>;
