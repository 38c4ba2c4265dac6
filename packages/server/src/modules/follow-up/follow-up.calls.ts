import type { FollowUpSettings } from '@servicebay/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { createFollowUpRepository } from './follow-up.repository.js';
import { careRules, careWindow, type EventRule } from './follow-up.rules.js';

const DEFAULT_MAX_ATTEMPTS = 3;

type SettingsRow = { rules: unknown; max_attempts: number; reminder_channel: string } | undefined | null;

/** A dealer's follow-up settings with the defaults filled in. */
export function effectiveSettings(row: SettingsRow): FollowUpSettings {
  return {
    rules: careRules((row?.rules ?? null) as Parameters<typeof careRules>[0]),
    maxAttempts: row?.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
    reminderChannel: (row?.reminder_channel ?? 'call') as FollowUpSettings['reminderChannel'],
  };
}

export type EventCall = {
  dealerId: string;
  rule: EventRule;
  periodKey: string;
  customerId: string;
  vehicleId: string | null;
  repairOrderId: string | null;
  anchorOn: string;
  ownerId?: string | null;
};

/**
 * The follow-up module's entry point for other modules (a closed complaint books its follow-up
 * call): it works in the caller's transaction and builds no service.
 */
export function createFollowUpCalls(deps: { clock: Clock }) {
  return {
    /**
     * An event starts a care call (the post-service call, the complaint follow-up): once per period
     * key, if the dealer has the rule on and the customer takes calls. Runs in the caller's
     * transaction; returns the new task's id, or null.
     */
    async scheduleEventCall(tx: Database, input: EventCall) {
      const repo = createFollowUpRepository(tx);
      const rule = effectiveSettings(await repo.settings(input.dealerId)).rules[input.rule];
      const consent = await repo.customerConsent(input.customerId);
      if (!rule.enabled || !(consent as { phone?: boolean }).phone) return null;
      const window = careWindow(input.anchorOn, rule);
      const inserted = await repo.insertTask({
        dealer_id: input.dealerId,
        id: newId(),
        rule: input.rule,
        period_key: input.periodKey,
        customer_id: input.customerId,
        vehicle_id: input.vehicleId,
        repair_order_id: input.repairOrderId,
        anchor_on: input.anchorOn,
        due_from: window.dueFrom,
        due_until: window.dueUntil,
        owner_id: input.ownerId ?? null,
        created_at: deps.clock.now(),
      });
      if (inserted && !input.ownerId)
        await repo.assignOwners(
          [
            {
              dealer_id: input.dealerId,
              rule: input.rule,
              enabled: true,
              owner: rule.owner,
              start_days: rule.startDays,
              end_days: rule.endDays,
            },
          ],
          [input.dealerId],
        );
      return inserted?.id ?? null;
    },

    /** A call list of customers picked by value (a segment filter), if the dealer has the rule on. */
    async scheduleValueCalls(
      tx: Database,
      input: { dealerId: string; customerIds: readonly string[]; anchorOn: string; plan?: { title: string; createdBy: string } },
    ) {
      const repo = createFollowUpRepository(tx);
      const rule = effectiveSettings(await repo.settings(input.dealerId)).rules.value_care;
      if (!rule.enabled) return null;
      const window = careWindow(input.anchorOn, rule);
      const result = await repo.insertValueCalls(
        input.dealerId,
        input.customerIds,
        { anchorOn: input.anchorOn, ...window },
        deps.clock.now(),
      );
      await repo.assignOwners(
        [
          {
            dealer_id: input.dealerId,
            rule: 'value_care',
            enabled: true,
            owner: rule.owner,
            start_days: rule.startDays,
            end_days: rule.endDays,
          },
        ],
        [input.dealerId],
      );
      let planId: string | null = null;
      if (input.plan && result.created > 0) {
        planId = newId();
        await repo.insertPlan({
          dealer_id: input.dealerId,
          id: planId,
          kind: 'follow_up',
          title: input.plan.title,
          period_from: input.anchorOn,
          period_to: window.dueUntil,
          method: null,
          content: null,
          purpose: null,
          target_count: result.created,
          // Every call is made; at the least the ones that reach the customer (most of them).
          minimum_count: Math.ceil(result.created * 0.8),
          metric: 'follow_up_calls',
          rule: 'value_care',
          created_by: input.plan.createdBy,
          created_at: deps.clock.now(),
        });
      }
      return { ...result, planId };
    },

    /** A campaign's invitation calls at each dealer that serves affected cars, if the dealer has the rule on. */
    async scheduleCampaignCalls(tx: Database, input: { campaignId: string; dealerIds: string[]; anchorOn: string }) {
      const repo = createFollowUpRepository(tx);
      let created = 0;
      for (const dealerId of input.dealerIds) {
        const rule = effectiveSettings(await repo.settings(dealerId)).rules.campaign_invitation;
        if (!rule.enabled) continue;
        created += await repo.insertCampaignCalls(
          dealerId,
          input.campaignId,
          { anchorOn: input.anchorOn, ...careWindow(input.anchorOn, rule) },
          deps.clock.now(),
        );
        await repo.assignOwners(
          [
            {
              dealer_id: dealerId,
              rule: 'campaign_invitation',
              enabled: true,
              owner: rule.owner,
              start_days: rule.startDays,
              end_days: rule.endDays,
            },
          ],
          [dealerId],
        );
      }
      return created;
    },
  };
}

export type FollowUpCalls = ReturnType<typeof createFollowUpCalls>;
