import { z } from 'zod';

/** The key of a stored upload (POST /files): `<dealer id>/<sha-256>.<ext>`. */
export const fileKeySchema = z.string().regex(/^[0-9a-f-]{36}\/[0-9a-f]{64}\.(jpg|png|webp)$/, 'invalid_file_key');

export const fileUploadSchema = z.object({
  /** What the client says it is; the server reads the real type from the content and refuses anything else. */
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  /** The photo, base64-encoded (at most about 3.5 MB). */
  dataBase64: z
    .string()
    .min(4)
    .max(4_800_000)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'invalid_file_data'),
});
export type FileUpload = z.infer<typeof fileUploadSchema>;
/** A stored upload: the key to put in a photo or signature field. */
export const fileUploadedSchema = z.object({ key: z.string() });
export type FileUploaded = z.infer<typeof fileUploadedSchema>;

/** A damage mark on the car diagram (the walk-around's, reused by the loaner hand-over and return). */
export const damageMarkSchema = z.object({
  x: z.number().min(0).max(100),
  y: z.number().min(0).max(100),
  kind: z.enum(['scratch', 'dent', 'crack', 'chip', 'other']),
  note: z.string().trim().max(200).nullable().optional(),
});
export type DamageMark = z.infer<typeof damageMarkSchema>;

/** The customer's signature on the tablet, a PNG data URL. */
export const signaturePngSchema = z
  .string()
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'invalid_signature')
  .max(400_000);

const tyre = z.object({ treadMm: z.number().min(0).max(20), pressureKpa: z.number().min(0).max(600) });

export const inspectionInputSchema = z.object({
  checklist: z
    .array(z.object({ item: z.string().trim().min(1).max(60), ok: z.boolean(), note: z.string().trim().max(200).nullable().optional() }))
    .max(60),
  /** Marks on the car diagram: position in percent of its width and height. */
  damage: z.array(damageMarkSchema).max(40),
  tyres: z.object({ frontLeft: tyre, frontRight: tyre, rearLeft: tyre, rearRight: tyre }).partial(),
  fuelLevel: z.number().int().min(0).max(100),
  odometerKm: z.number().int().min(0).max(3_000_000),
  /** A reading lower than the last one is refused unless the odometer was replaced. */
  odometerReplaced: z.boolean().default(false),
  valuables: z.string().trim().max(300).nullable().optional(),
  coversApplied: z.boolean(),
  photos: z.array(fileKeySchema).max(20).default([]),
  signaturePng: signaturePngSchema,
});
export type InspectionInput = z.input<typeof inspectionInputSchema>;

export const inspectionSchema = inspectionInputSchema.omit({ signaturePng: true, odometerReplaced: true }).extend({
  id: z.uuid(),
  visitId: z.uuid(),
  signedAt: z.string(),
  /** SHA-256 of what the customer signed. */
  signedContentHash: z.string(),
});
export type Inspection = z.infer<typeof inspectionSchema>;

/** The dealer's walk-around checklist (环车检查项目), in the order the SA walks round the car. */
export const walkaroundTemplateInputSchema = z.object({
  items: z
    .array(z.string().trim().min(1).max(60))
    .min(1)
    .max(40)
    .refine((items) => new Set(items).size === items.length, 'duplicate_item'),
});
export type WalkaroundTemplateInput = z.input<typeof walkaroundTemplateInputSchema>;
export const walkaroundTemplateSchema = z.object({ items: z.array(z.string()), updatedAt: z.string().nullable() });
export type WalkaroundTemplate = z.infer<typeof walkaroundTemplateSchema>;
