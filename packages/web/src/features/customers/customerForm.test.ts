import type { Customer } from '@servicebay/contracts';
import { describe, expect, it } from 'vitest';
import { customerPatchBody, customerToValues, valuesToInput } from './customerForm';

const customer: Customer = {
  id: '01a15e95-3d88-72c3-acb6-5cac0deef251',
  name: '韦强',
  mobile: '13003851902',
  kind: 'individual',
  gender: 'male',
  birthday: '1994-08-25',
  email: null,
  city: '北京',
  address: null,
  notes: null,
  consent: { sms: true, phone: true, email: false, wechat: true },
  consentUpdatedAt: null,
  version: 3,
  createdAt: '2026-10-21T13:10:01.352Z',
  updatedAt: '2026-10-21T13:10:01.352Z',
};

describe('customer form', () => {
  it('round-trips a record without changes', () => {
    expect(valuesToInput(customerToValues(customer))).toMatchObject({
      name: '韦强',
      birthday: '1994-08-25',
      email: null,
      consent: customer.consent,
    });
  });

  it('normalises what the user typed the way the API does', () => {
    const values = { ...customerToValues(customer), mobile: '+86 130-0385-1902', name: '  韦强 ', city: '  ' };
    expect(valuesToInput(values)).toMatchObject({ mobile: '13003851902', name: '韦强', city: null });
  });

  it('patches the changed fields with the version, and always kind, gender and consent', () => {
    const body = customerPatchBody(customer, { ...customerToValues(customer), city: '上海', mobile: '130 0385 1902' });
    expect(body).toEqual({ version: 3, city: '上海', kind: 'individual', gender: 'male', consent: customer.consent });
  });
});
