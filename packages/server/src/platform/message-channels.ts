import nodemailer from 'nodemailer';

/** An SMS gateway. The default records the message (the outbox row is the record) and sends nothing. */
export type SmsProvider = { name: string; send(message: { to: string; body: string }): Promise<{ ref: string }> };

export const recordingSmsProvider: SmsProvider = {
  name: 'recording',
  async send() {
    return { ref: `recorded-${Date.now().toString(36)}` };
  },
};

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
