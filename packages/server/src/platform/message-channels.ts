import nodemailer from 'nodemailer';

/** An SMS gateway. The default records the message (the outbox row is the record) and sends nothing. */
export type SmsProvider = { name: string; send(message: { to: string; body: string }): Promise<{ ref: string }> };

export const recordingSmsProvider: SmsProvider = {
  name: 'recording',
  async send() {
    return { ref: `recorded-${Date.now().toString(36)}` };
  },
};

/**
 * A gateway reached over HTTP: POSTs {to, body} as JSON and takes the gateway's `id` (or `messageId`)
 * as the reference. Anything but a 2xx is an error, so the outbox retries.
 */
export function webhookSmsProvider(url: string, token: string | undefined): SmsProvider {
  return {
    name: 'webhook',
    async send({ to, body }) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to, body }),
        signal: AbortSignal.timeout(10_000),
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

export type EmailSender = { send(message: { to: string; subject: string; body: string }): Promise<{ ref: string }> };

/** Email over SMTP (SMTP_URL); without it, nodemailer's JSON transport builds the message and records it. */
export function createEmailSender(smtpUrl: string | undefined, from: string): EmailSender {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
  return {
    async send({ to, subject, body }) {
      const info = await transport.sendMail({ from, to, subject, text: body });
      return { ref: String(info.messageId ?? 'recorded') };
    },
  };
}
