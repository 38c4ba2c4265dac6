import { customerInputSchema, mileageInputSchema, vehicleInputSchema } from '@servicebay/contracts';
import type { FormInstance } from 'antd';
import { beforeAll, describe, expect, it } from 'vitest';
import i18n, { setLanguage } from '../i18n';
import { ApiError } from './client';
import { applyProblemToForm, errorMessage, fieldProblemMessage, zodIssueMessage } from './problems';

function firstMessage(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: unknown[] } } },
  value: unknown,
  label?: string,
) {
  const result = schema.safeParse(value);
  if (result.success) return null;
  return zodIssueMessage(result.error!.issues[0] as never, value, label);
}

describe('messages in English', () => {
  beforeAll(async () => {
    await setLanguage('en');
  });

  it('translate the shared rules of the contracts', () => {
    expect(firstMessage(customerInputSchema.shape.mobile, '1381234')).toBe(i18n.t('errors.codes.invalid_mobile'));
    expect(firstMessage(customerInputSchema.shape.mobile, '+86 138-1234-5678')).toBeNull();
    expect(firstMessage(vehicleInputSchema.shape.plate, '京A·1234')).toBe(i18n.t('errors.codes.invalid_plate'));
    expect(firstMessage(vehicleInputSchema.shape.plate, '粤b·d12345')).toBeNull();
    expect(firstMessage(vehicleInputSchema.shape.vin, 'LYHS5A1C0LB100135')).toBe(i18n.t('errors.codes.invalid_vin_check_digit'));
    expect(firstMessage(vehicleInputSchema.shape.vin, 'LYHS5A1C0LB10013')).toBe(i18n.t('errors.codes.invalid_vin_length'));
    expect(firstMessage(vehicleInputSchema.shape.vin, 'LYHS5A1C0LB10013O')).toBe(i18n.t('errors.codes.invalid_vin_characters'));
  });

  it('say which field is required, and explain lengths, numbers and formats', () => {
    expect(firstMessage(customerInputSchema.shape.name, '  ', 'Name')).toBe('Enter the Name');
    expect(firstMessage(customerInputSchema.shape.name, 'x'.repeat(61))).toBe('At most 60 characters');
    expect(firstMessage(customerInputSchema.shape.email, 'not-an-email')).toBe(i18n.t('form.invalidEmail'));
    expect(firstMessage(customerInputSchema.shape.email, '')).toBeNull();
    expect(firstMessage(mileageInputSchema.shape.km, 3_000_001)).toBe('Must be at most 3,000,000');
    expect(firstMessage(mileageInputSchema.shape.km, 1.5)).toBe(i18n.t('form.notInteger'));
    expect(firstMessage(vehicleInputSchema.shape.ownerId, '', 'Owner')).toBe('Enter the Owner');
  });

  it('turn server field errors into the right words', () => {
    expect(
      fieldProblemMessage({ field: 'mobile', code: 'taken', message: 'a customer with this mobile number already exists' }, 'mobile_taken'),
    ).toBe(i18n.t('errors.codes.mobile_taken'));
    expect(
      fieldProblemMessage(
        {
          field: 'km',
          code: 'lower_than_earlier',
          message: 'lower than 38710 km read on 2026-11-16; flag an odometer replacement if the odometer was changed',
        },
        'mileage_decreasing',
      ),
    ).toBe('Lower than 38,710 km read on 2026-11-16; tick “Odometer replaced” if the odometer was changed');
    expect(fieldProblemMessage({ field: 'x', code: 'something_new', message: 'raw server text' })).toBe('raw server text');
  });

  it('describe whole-request problems', () => {
    expect(errorMessage(new ApiError({ status: 409, code: 'version_conflict', detail: 'stale' }))).toBe(
      i18n.t('errors.codes.version_conflict'),
    );
    expect(errorMessage(new ApiError({ status: 500, code: 'internal' }))).toBe(i18n.t('errors.server'));
  });
});

describe('field errors of the API on a form', () => {
  it('reach the fields of a list by number, and leave the others for a toast', () => {
    const set: unknown[] = [];
    const scrolled: unknown[] = [];
    const form = {
      getFieldsError: () => [{ name: ['lines', 0, 'hours'] }, { name: ['note'] }],
      setFields: (fields: unknown[]) => set.push(...fields),
      scrollToField: (name: unknown) => scrolled.push(name),
    } as unknown as FormInstance;
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      errors: [
        { field: 'lines.0.hours', code: 'too_big', message: 'too big' },
        { field: 'version', code: 'x_unknown', message: 'raw text' },
      ],
    });
    expect(applyProblemToForm(form, error)).toEqual(['raw text']);
    expect(set).toEqual([{ name: ['lines', 0, 'hours'], errors: [i18n.t('errors.codes.too_big')] }]);
    expect(scrolled).toEqual([['lines', 0, 'hours']]);
  });
});
