import { z } from 'zod';
import { ADDITIONAL_ITEM_DECIDED_VIA, ADDITIONAL_ITEM_STATUSES } from './additional-work.constants.js';
import { idSchema } from './common.js';
import { messageDeliverySchema } from './messages.js';
import { authoriseSchema, PAY_TYPES } from './repair-orders.js';

export * from './additional-work.constants.js';

// Additional work (增修项目, domain.md §4): found during the job, reported to the customer with a
// price, reason and photos, and billed only once the customer approves it — in person or from a
// one-use SMS link. A declined safety item carries the hazard wording and the customer's signature.

/** A stored file key (uploads/ro/123.jpg) or an http(s) URL; nothing a browser would run. */
export const additionalItemPhotoSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/[^\s"'<>]+|[A-Za-z0-9][A-Za-z0-9._/-]*)$/, 'invalid_photo');

const raiseCommon = {
  /** Why the work is needed, in words the customer understands (刹车片磨损至 2mm). */
  reason: z.string().trim().min(1).max(1000),
  /** Affects safety (brakes, tyres, steering): declining it needs the hazard wording and the customer's signature. */
  safety: z.boolean().default(false),
  photos: z.array(additionalItemPhotoSchema).max(10).default([]),
  payType: z.enum(PAY_TYPES).default('customer'),
};

export const additionalItemRaiseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('labour'),
    /** From the catalogue (flat-rate hours); without it, a described job with its own hours. */
    labourOperationId: idSchema.optional(),
    description: z.string().trim().min(1).max(200).optional(),
    hours: z.number().positive().max(200).optional(),
    ...raiseCommon,
  }),
  z.object({ kind: z.literal('parts'), partId: idSchema, quantity: z.number().positive().max(10_000), ...raiseCommon }),
]);
export type AdditionalItemRaise = z.infer<typeof additionalItemRaiseSchema>;
export type AdditionalItemRaiseInput = z.input<typeof additionalItemRaiseSchema>;

const signaturePng = authoriseSchema.shape.signaturePng;

export const additionalItemDecisionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('approved') }),
  z.object({
    outcome: z.literal('declined'),
    /** Required for a safety item: "safety hazard — replacement strongly recommended" (存在安全隐患，强烈建议更换). */
    hazardWording: z.string().trim().max(500).nullable().optional(),
    /** The customer signs a declined safety item, as a PNG data URL. */
    signaturePng: signaturePng.nullable().optional(),
  }),
]);
export type AdditionalItemDecisionInput = z.infer<typeof additionalItemDecisionSchema>;

export const additionalItemSendLinkSchema = z.object({ locale: z.enum(['zh-CN', 'en']).default('zh-CN') });

const amount = z.object({ grossFen: z.number().int(), discountFen: z.number().int(), netFen: z.number().int() });

/** An item waiting for the customer's decision, as the advisor's day lists it. */
export const awaitingDecisionSchema = z.object({
  id: idSchema,
  repairOrderId: idSchema,
  repairOrderNumber: z.string(),
  plate: z.string(),
  customerName: z.string(),
  sa: z.object({ id: idSchema, name: z.string() }).nullable(),
  description: z.string(),
  safety: z.boolean(),
  raisedAt: z.string(),
});
export type AwaitingDecision = z.infer<typeof awaitingDecisionSchema>;
/** The advisor's (or the dealer's) items awaiting the customer's decision. */
export const awaitingDecisionListSchema = z.object({ items: z.array(awaitingDecisionSchema) });
export type AwaitingDecisionList = z.infer<typeof awaitingDecisionListSchema>;

export const additionalItemSchema = z.object({
  id: idSchema,
  repairOrderId: idSchema,
  kind: z.enum(['labour', 'parts']),
  code: z.string().nullable(),
  description: z.string(),
  reason: z.string(),
  payType: z.enum(PAY_TYPES),
  hours: z.number().nullable(),
  hourlyRateFen: z.number().int().nullable(),
  quantity: z.number().nullable(),
  unitPriceFen: z.number().int().nullable(),
  amount,
  safety: z.boolean(),
  photos: z.array(z.string()),
  status: z.enum(ADDITIONAL_ITEM_STATUSES),
  decidedAt: z.string().nullable(),
  decidedVia: z.enum(ADDITIONAL_ITEM_DECIDED_VIA).nullable(),
  hazardWording: z.string().nullable(),
  /** The customer signed the declined item. */
  customerSigned: z.boolean(),
  /** The RO line an approved item became. */
  lineId: idSchema.nullable(),
  /** Until when the last link sent to the customer works (null: none sent, or used). */
  linkExpiresAt: z.string().nullable(),
  raisedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type AdditionalItem = z.infer<typeof additionalItemSchema>;
/** The additional work raised on one repair order. */
export const additionalItemListSchema = z.object({ items: z.array(additionalItemSchema) });
export type AdditionalItemList = z.infer<typeof additionalItemListSchema>;

export const additionalItemLinkSentSchema = z.object({
  item: additionalItemSchema,
  expiresAt: z.string(),
  /** The masked mobile the SMS goes to. */
  recipient: z.string(),
  /** What happens to the SMS: sending, queued until the quiet hours end, or not sent (no consent). */
  message: messageDeliverySchema.nullable(),
});
export type AdditionalItemLinkSent = z.infer<typeof additionalItemLinkSentSchema>;

/** A fresh approval link shown on the advisor's screen as a QR code, for the customer to scan in person (no SMS). */
export const additionalItemLinkShownSchema = z.object({
  item: additionalItemSchema,
  expiresAt: z.string(),
  link: z.string(),
});
export type AdditionalItemLinkShown = z.infer<typeof additionalItemLinkShownSchema>;

/** A declined item from an earlier repair order, offered again at the vehicle's next visit. */
export const declinedRecommendationSchema = additionalItemSchema.extend({
  repairOrderNumber: z.string(),
  repairOrderCreatedAt: z.string(),
});
export type DeclinedRecommendation = z.infer<typeof declinedRecommendationSchema>;
/** A vehicle's declined recommendations, newest first. */
export const declinedRecommendationListSchema = z.object({ items: z.array(declinedRecommendationSchema) });
export type DeclinedRecommendationList = z.infer<typeof declinedRecommendationListSchema>;

/** What the customer sees on the approval page: no names, no mobile, the plate masked. */
export const publicAdditionalItemSchema = z.object({
  dealer: z.object({ name: z.string() }),
  plate: z.string(),
  kind: z.enum(['labour', 'parts']),
  description: z.string(),
  reason: z.string(),
  amount,
  /** What the customer would pay for it: the net amount on customer pay, otherwise 0. */
  customerPaysFen: z.number().int(),
  payType: z.enum(PAY_TYPES),
  safety: z.boolean(),
  photos: z.array(z.string()),
  status: z.enum(ADDITIONAL_ITEM_STATUSES),
  decidedAt: z.string().nullable(),
  expiresAt: z.string(),
});
export type PublicAdditionalItem = z.infer<typeof publicAdditionalItemSchema>;
