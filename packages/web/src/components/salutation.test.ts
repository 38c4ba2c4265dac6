import { SALUTATIONS, salutationOf, surnameOf } from '@servicebay/contracts/constants';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { salute } from './salutation';

// One rule addresses a customer everywhere (the workshop board, the lobby screen): by the gender when
// known; 先生/女士 only when it is not (issue 12, point 12: "田先生/女士 although the gender is known").

describe('salutationOf', () => {
  it('uses the gender when known, both titles only when unknown, and a guest for a company', () => {
    expect(salutationOf({ gender: 'male', kind: 'individual' })).toBe('mr');
    expect(salutationOf({ gender: 'female', kind: 'individual' })).toBe('ms');
    expect(salutationOf({ gender: 'unknown', kind: 'individual' })).toBe('mr_or_ms');
    expect(salutationOf({ gender: null })).toBe('mr_or_ms');
    expect(salutationOf({ gender: 'male', kind: 'company' })).toBe('guest');
  });

  it('takes the surname of a Chinese or a Western name', () => {
    expect(surnameOf('田志强')).toBe('田');
    expect(surnameOf(' Anna Schmidt ')).toBe('Schmidt');
    expect(surnameOf('')).toBe('');
  });
});

describe('salute', () => {
  it('addresses the customer in the page’s language', async () => {
    await i18n.changeLanguage('zh-CN');
    const t = i18n.t.bind(i18n);
    expect(salute(t, '田', salutationOf({ gender: 'male' }))).toBe('田先生');
    expect(salute(t, '田', salutationOf({ gender: 'female' }))).toBe('田女士');
    expect(salute(t, '田', salutationOf({ gender: 'unknown' }))).toBe('田先生/女士');
    await i18n.changeLanguage('en');
    expect(salute(i18n.t.bind(i18n), 'Tian', 'ms')).toBe('Ms Tian');
    for (const s of SALUTATIONS) expect(salute(i18n.t.bind(i18n), 'Tian', s)).not.toContain('salutation.');
    await i18n.changeLanguage('zh-CN');
  });
});
