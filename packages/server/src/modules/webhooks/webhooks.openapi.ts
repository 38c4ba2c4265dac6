import { WEBHOOK_EVENT_TYPES, webhookEventSchemaFor } from '@servicebay/contracts';
import { z } from 'zod';

// The generated schema is plain JSON Schema (draft 2020-12, what OpenAPI 3.1 uses); its type is wider than the swagger options'.
const jsonSchemaOf = (type: (typeof WEBHOOK_EVENT_TYPES)[number]) =>
  z.toJSONSchema(webhookEventSchemaFor(type), { unrepresentable: 'any' }) as object;

/** The OpenAPI 3.1 `webhooks` object: one POST per event type, its body the envelope with that type's data. */
export function webhooksOpenApi() {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `The \`${type}\` event`,
          description:
            'Posted to each active subscription listening to the type, signed with its secret (`ServiceBay-Signature`); answer 2xx within 10 s.',
          tags: ['webhooks'],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(type) } },
          },
          responses: { '2XX': { description: 'Received; any other answer is retried with exponential backoff for 24 hours.' } },
        },
      },
    ]),
  );
}
