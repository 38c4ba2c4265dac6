import { describe, expect, it } from 'vitest';
import { type DeliveryFacts, maskRecipient, presentDelivery, previewDelivery } from './outbox.rules.js';

const quietHours = { timeZone: 'Asia/Shanghai', quietHoursStart: '21:00', quietHoursEnd: '08:00' };
const facts = (overrides: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  channel: 'sms',
  recipient: '15812344149',
  consent: { sms: true },
  quietHours,
  ...overrides,
});
const at = (iso: string) => new Date(iso);

describe('previewDelivery', () => {
  it('sends now in the daytime with consent', () => {
    expect(previewDelivery(facts(), at('2026-11-20T02:00:00Z'))).toEqual({ outcome: 'will_send' });
  });

  it('does not send without consent to the channel, or without a recipient', () => {
    expect(previewDelivery(facts({ consent: { sms: false, phone: true } }), at('2026-11-20T02:00:00Z'))).toEqual({
      outcome: 'blocked',
      reason: 'no_consent',
    });
    expect(previewDelivery(facts({ channel: 'email', consent: { sms: true } }), at('2026-11-20T02:00:00Z'))).toEqual({
      outcome: 'blocked',
      reason: 'no_consent',
    });
    expect(previewDelivery(facts({ recipient: ' ' }), at('2026-11-20T02:00:00Z'))).toEqual({ outcome: 'blocked', reason: 'no_recipient' });
  });

  it('holds a message until the quiet hours end, the same night or the next morning', () => {
    expect(previewDelivery(facts(), at('2026-11-20T14:30:00Z'))).toEqual({
      outcome: 'queued_until',
      until: at('2026-11-21T00:00:00Z'),
      reason: 'quiet_hours',
    });
    expect(previewDelivery(facts(), at('2026-11-19T23:00:00Z'))).toEqual({
      outcome: 'queued_until',
      until: at('2026-11-20T00:00:00Z'),
      reason: 'quiet_hours',
    });
  });

  it('sends a code the recipient asked for (no customer) even in the quiet hours', () => {
    expect(previewDelivery(facts({ consent: null }), at('2026-11-20T14:30:00Z'))).toEqual({ outcome: 'will_send' });
  });

  it('judges a later send time by the quiet hours at that time', () => {
    const now = at('2026-11-20T02:00:00Z');
    expect(previewDelivery(facts({ notBefore: at('2026-11-20T06:00:00Z') }), now)).toEqual({
      outcome: 'queued_until',
      until: at('2026-11-20T06:00:00Z'),
      reason: 'scheduled',
    });
    expect(previewDelivery(facts({ notBefore: at('2026-11-20T15:00:00Z') }), now)).toEqual({
      outcome: 'queued_until',
      until: at('2026-11-21T00:00:00Z'),
      reason: 'quiet_hours',
    });
  });
});

describe('presentDelivery', () => {
  it('masks the recipient and says the status in the API words', () => {
    expect(presentDelivery({ channel: 'sms', recipient: '15812344149' }, { delivery: 'blocked', blocked: 'no_consent' })).toEqual({
      channel: 'sms',
      to: '158****4149',
      status: 'not_sent',
      until: null,
      reason: 'no_consent',
    });
    expect(
      presentDelivery(
        { channel: 'sms', recipient: '15812344149' },
        { delivery: 'queued', until: '2026-11-21T00:00:00.000Z', queuedFor: 'quiet_hours' },
      ),
    ).toMatchObject({ status: 'queued', until: '2026-11-21T00:00:00.000Z', reason: 'quiet_hours' });
    expect(maskRecipient('wang@example.com')).toBe('w***@example.com');
  });
});
