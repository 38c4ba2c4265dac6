import { APPOINTMENT_OUTCOMES, HISTORY_KINDS, TIMELINE_EVENT_KINDS } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { historyKindLabel, messageStatusLabel, skipReasonLabel, templateLabel } from './historyText';
import { kindTitle } from './timelineText';

// No internal code (visit.opened, appointment.booked, no_consent) may reach the screen: every code
// the API sends has a human label in both languages.

const files = { 'zh-CN': zhCN, en } as const;

describe('labels of the customer timeline and history', () => {
  it('name every timeline event kind the server records, in both languages', () => {
    for (const [language, file] of Object.entries(files)) {
      const kinds = file.timeline.kinds as Record<string, string>;
      for (const kind of TIMELINE_EVENT_KINDS) expect(kinds[kind], `${language}: timeline.kinds.${kind}`).toBeTruthy();
    }
  });

  it('name every history kind and appointment outcome, in both languages', () => {
    for (const [language, file] of Object.entries(files)) {
      for (const kind of HISTORY_KINDS)
        expect((file.customerHistory.kinds as Record<string, string>)[kind], `${language}: ${kind}`).toBeTruthy();
      for (const outcome of APPOINTMENT_OUTCOMES)
        expect((file.customerHistory.outcomes as Record<string, string>)[outcome], `${language}: ${outcome}`).toBeTruthy();
    }
  });

  it('show words, never the code, for kinds, templates, statuses and reasons — known or not', async () => {
    for (const language of ['zh-CN', 'en']) {
      await i18n.changeLanguage(language);
      for (const kind of TIMELINE_EVENT_KINDS) expect(kindTitle(kind)).not.toContain(kind);
      expect(kindTitle('visit.reopened_someday')).not.toContain('visit.reopened_someday');
      for (const kind of HISTORY_KINDS) expect(historyKindLabel(kind)).not.toMatch(/customerHistory|^[a-z_]+$/);
      for (const template of [
        'appointment.booked',
        'survey.invitation',
        'repair_order.additional_work',
        'follow_up.maintenance_due',
        'some.future_template',
      ]) {
        expect(templateLabel(template)).not.toMatch(/[a-z_]+\.[a-z_]+/);
      }
      for (const status of ['sent', 'skipped', 'pending', 'something_new'])
        expect(messageStatusLabel(status)).not.toMatch(/customerHistory|_/);
      for (const reason of ['no_consent', 'quiet_hours', null, 'unheard_of'])
        expect(skipReasonLabel(reason)).not.toMatch(/customerHistory|_/);
    }
    await i18n.changeLanguage('en');
    expect(kindTitle('visit.opened')).toBe('Checked in');
    expect(templateLabel('appointment.booked')).toBe('Booking confirmation');
    expect(skipReasonLabel('no_consent')).toBe('The customer has not consented to this channel');
  });
});
