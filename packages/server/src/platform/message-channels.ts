import nodemailer from 'nodemailer';

/**
 * One message handed to a channel. `idempotencyKey` is the same on every attempt of the same outbox
 * message: after a crash the outbox may hand a message over again with it, and the channel must then
 * not send it a second time but answer the reference of the first.
 */
export type ChannelMessage = { to: string; body: string; idempotencyKey: string };

/** An SMS gateway. The default records the message (the outbox row is the record) and sends nothing. */
export type SmsProvider = { name: string; send(message: ChannelMessage): Promise<{ ref: string }> };

export const recordingSmsProvider: SmsProvider = {
  name: 'recording',
  async send({ idempotencyKey }) {
    return { ref: `recorded-${idempotencyKey}` };
  },
};

/** How long one call to the gateway may take; the outbox's lease on a message is longer. */
export const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * A gateway reached over HTTP: POSTs {to, body, idempotencyKey} as JSON, with the key also in the
 * `Idempotency-Key` header, and takes the gateway's `id` (or `messageId`) as the reference. The gateway
 * must deduplicate on the key: a second request with a key it has seen sends nothing and answers 2xx
 * with the first reference. Anything but a 2xx is an error, so the outbox retries.
 */
export function webhookSmsProvider(url: string, token: string | undefined): SmsProvider {
  return {
    name: 'webhook',
    async send({ to, body, idempotencyKey }) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to, body, idempotencyKey }),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
      const answer = (await response.json().catch(() => ({}))) as { id?: string; messageId?: string };
      return { ref: String(answer.id ?? answer.messageId ?? 'accepted') };
    },
  };
}

export function smsProviderFromConfig(config: { smsWebhookUrl?: string | undefined; smsWebhookToken?: string | undefined }): SmsProvider {
  return config.smsWebhookUrl ? webhookSmsProvider(config.smsWebhookUrl, config.smsWebhookToken) : recordingSmsProvider;
}

export type EmailSender = {
  send(message: { to: string; subject: string; body: string; idempotencyKey: string }): Promise<{ ref: string }>;
};

/** Email over SMTP (SMTP_URL); without it, nodemailer's JSON transport builds the message and records it. */
export function createEmailSender(smtpUrl: string | undefined, from: string): EmailSender {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
  return {
    async send({ to, subject, body, idempotencyKey }) {
      // The Message-ID comes from the outbox message, so a repeated hand-over is recognisable as the same mail.
      const info = await transport.sendMail({ from, to, subject, text: body, messageId: `<${idempotencyKey}@servicebay>` });
      return { ref: String(info.messageId ?? 'recorded') };
    },
  };
}
