import type { BookingSettingsDto } from '@servicebay/contracts';
import { type Actor, authorize } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireDealer } from '../../platform/scope.js';
import { inTransaction } from '../../platform/transaction.js';
import { type BookingCache, capacities, settingsOf, uncachedBooking } from './appointments.capacity.js';
import { createAppointmentsRepository } from './appointments.repository.js';

/** What bookings are made against: the dealer's booking settings, the day's roster, bays, service advisors and parts. */
export function createBookingSettingsService(deps: { db: Database; clock: Clock; bookingCache?: BookingCache }) {
  const { db, clock } = deps;
  const cache = deps.bookingCache ?? uncachedBooking;

  return {
    async getSettings(actor: Actor): Promise<BookingSettingsDto> {
      authorize(actor, 'appointment.read');
      const { settings } = await settingsOf(db, requireDealer(actor));
      const { timeZone: _zone, ...dto } = settings;
      return dto;
    },

    async updateSettings(actor: Actor, patch: Partial<BookingSettingsDto>): Promise<BookingSettingsDto> {
      authorize(actor, 'appointment.settings');
      const dealerId = requireDealer(actor);
      const saved = await inTransaction(db, async (tx) => {
        const { settings: before } = await settingsOf(tx, dealerId);
        const merged = { ...before, ...patch };
        if (merged.opensAt >= merged.closesAt)
          throw AppError.field('validation_failed', 'closesAt', 'before_opening', 'closing time must be after opening time');
        const columns: Record<string, unknown> = {};
        const map: Record<string, string> = {
          slotMinutes: 'slot_minutes',
          capacityRatio: 'capacity_ratio',
          onTimeWindowMinutes: 'on_time_window_minutes',
          noShowGraceMinutes: 'no_show_grace_minutes',
          confirmationSmsAt: 'confirmation_sms_at',
          assignmentDeadline: 'assignment_deadline',
          saCallLeadMinutes: 'sa_call_lead_minutes',
          quietHoursStart: 'quiet_hours_start',
          quietHoursEnd: 'quiet_hours_end',
          keptLabourDiscountPercent: 'kept_labour_discount_percent',
          dedicatedLane: 'dedicated_lane',
          apologyGift: 'apology_gift',
          noShowForfeitCount: 'no_show_forfeit_count',
          noShowForfeitMonths: 'no_show_forfeit_months',
          bookingIncentiveFen: 'booking_incentive_fen',
        };
        for (const [field, column] of Object.entries(map)) columns[column] = merged[field as keyof typeof merged];
        await createAppointmentsRepository(tx).saveSettings(
          dealerId,
          columns,
          { opens_at: merged.opensAt, closes_at: merged.closesAt },
          clock.now(),
        );
        cache.invalidate(dealerId);
        await recordAudit(
          tx,
          actor,
          { action: 'appointment_settings.updated', entityType: 'dealer', entityId: dealerId, before, after: merged },
          clock.now(),
        );
        const { timeZone: _zone, ...dto } = merged;
        return dto;
      });
      cache.invalidate(dealerId);
      return saved;
    },

    async roster(actor: Actor, date: string) {
      authorize(actor, 'appointment.read');
      const dealerId = requireDealer(actor);
      const { settings } = await settingsOf(db, dealerId);
      const staff = await createAppointmentsRepository(db).staffOn(dealerId, date);
      const capacity = (await capacities(db, dealerId, settings, date, date)).get(date) ?? 0;
      const people = (role: string) =>
        staff.filter((s) => s.roles.includes(role)).map((s) => ({ id: s.id, name: s.display_name, off: Boolean(s.off) }));
      return { date, serviceAdvisors: people('service_advisor'), technicians: people('technician'), capacityPerSlot: capacity };
    },

    async setRoster(actor: Actor, date: string, offUserIds: string[]) {
      authorize(actor, 'appointment.settings');
      const dealerId = requireDealer(actor);
      await inTransaction(db, async (tx) => {
        const repo = createAppointmentsRepository(tx);
        const staff = await repo.staffOn(dealerId, date);
        const unknown = offUserIds.find((id) => !staff.some((s) => s.id === id));
        if (unknown)
          throw AppError.field('validation_failed', 'offUserIds', 'unknown_staff', 'not a service advisor or technician of this dealer');
        await repo.setAbsences(dealerId, date, [...new Set(offUserIds)], clock.now());
        cache.invalidate(dealerId);
        await recordAudit(
          tx,
          actor,
          { action: 'roster.updated', entityType: 'dealer', entityId: dealerId, after: { date, offUserIds } },
          clock.now(),
        );
      });
      cache.invalidate(dealerId);
      return this.roster(actor, date);
    },

    async bays(actor: Actor) {
      authorize(actor, 'appointment.read');
      const rows = await createAppointmentsRepository(db).bays(requireDealer(actor));
      return rows.map((b) => ({ id: b.id, name: b.name, kind: b.kind, active: b.active }));
    },

    async addBay(actor: Actor, input: { name: string; kind: string }) {
      authorize(actor, 'appointment.settings');
      const dealerId = requireDealer(actor);
      return inTransaction(db, async (tx) => {
        const repo = createAppointmentsRepository(tx);
        if ((await repo.bays(dealerId)).some((b) => b.name === input.name))
          throw AppError.field('validation_failed', 'name', 'taken', 'a bay with this name exists');
        const bay = await repo.insertBay({ dealer_id: dealerId, id: newId(), name: input.name, kind: input.kind });
        await recordAudit(tx, actor, { action: 'bay.created', entityType: 'bay', entityId: bay.id, after: input }, clock.now());
        return { id: bay.id, name: bay.name, kind: bay.kind, active: bay.active };
      });
    },

    async parts(actor: Actor, q: string) {
      authorize(actor, 'appointment.read');
      const rows = await createAppointmentsRepository(db).searchParts(requireDealer(actor), q);
      return rows.map((p) => ({
        id: p.id,
        partNumber: p.part_number,
        name: p.name,
        priceFen: p.price_fen,
        stockQuantity: Number(p.stock_quantity),
      }));
    },

    async serviceAdvisors(actor: Actor) {
      authorize(actor, 'appointment.read');
      const rows = await createAppointmentsRepository(db).serviceAdvisors(requireDealer(actor));
      return rows.map((r) => ({ id: r.id, name: r.display_name }));
    },
  };
}

export type BookingSettingsService = ReturnType<typeof createBookingSettingsService>;
