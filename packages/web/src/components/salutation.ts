import type { Salutation } from '@servicebay/contracts';
import type { TFunction } from 'i18next';

/**
 * How a screen addresses a customer: 王先生 / 李女士 by gender, 王先生/女士 only when the gender is
 * unknown, 贵宾 for a company (the salutation comes from the contracts' `salutationOf`).
 */
export function salute(t: TFunction, surname: string, salutation: Salutation): string {
  return t(`salutation.${salutation}`, { surname });
}
