import type { Consent, Customer, CustomerInput } from '@servicebay/contracts';
import { normalizeMobile } from '@servicebay/contracts/constants';
import type { Dayjs } from 'dayjs';
import { fromIsoDate, toIsoDate } from '../../components/form/dates';

export type CustomerFormValues = {
  name: string;
  mobile: string;
  kind: 'individual' | 'company';
  gender: 'male' | 'female' | 'unknown';
  birthday: Dayjs | null;
  email: string;
  city: string;
  address: string;
  notes: string;
  consent: Consent;
};

export const DEFAULT_CONSENT: Consent = { sms: true, phone: true, email: false, wechat: false };

export function emptyCustomerValues(prefill: Partial<CustomerFormValues> = {}): CustomerFormValues {
  return {
    name: '',
    mobile: '',
    kind: 'individual',
    gender: 'unknown',
    birthday: null,
    email: '',
    city: '',
    address: '',
    notes: '',
    consent: { ...DEFAULT_CONSENT },
    ...prefill,
  };
}

export function customerToValues(c: Customer): CustomerFormValues {
  return {
    name: c.name,
    mobile: c.mobile,
    kind: c.kind,
    gender: c.gender,
    birthday: fromIsoDate(c.birthday),
    email: c.email ?? '',
    city: c.city ?? '',
    address: c.address ?? '',
    notes: c.notes ?? '',
    consent: { ...c.consent },
  };
}

const text = (value: string | undefined | null) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** What the API receives, normalised the way the API normalises it. */
export function valuesToInput(v: CustomerFormValues): CustomerInput & { consent: Consent } {
  return {
    name: v.name.trim(),
    mobile: normalizeMobile(v.mobile ?? ''),
    kind: v.kind,
    gender: v.gender,
    birthday: toIsoDate(v.birthday),
    email: text(v.email),
    city: text(v.city),
    address: text(v.address),
    notes: text(v.notes),
    consent: { sms: !!v.consent?.sms, phone: !!v.consent?.phone, email: !!v.consent?.email, wechat: !!v.consent?.wechat },
  };
}

/** Only the fields that differ from the record, for a PATCH. */
export function changedCustomerFields(before: Customer, values: CustomerFormValues): Partial<CustomerInput> {
  const original = valuesToInput(customerToValues(before));
  const next = valuesToInput(values);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(original[key] ?? null)) changes[key] = next[key];
  }
  return changes as Partial<CustomerInput>;
}

/**
 * The PATCH body: the version, the changed fields, and always kind, gender and consent.
 * Those three have defaults in customerInputSchema, and customerPatchSchema (its .partial())
 * still applies them to absent keys, so leaving them out would reset them on the server.
 */
export function customerPatchBody(before: Customer, values: CustomerFormValues) {
  const next = valuesToInput(values);
  return { version: before.version, kind: next.kind, gender: next.gender, consent: next.consent, ...changedCustomerFields(before, values) };
}
