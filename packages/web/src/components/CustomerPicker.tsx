import type { CustomerSummary } from '@servicebay/contracts';
import { maskMobile } from '@servicebay/contracts/constants';
import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerKeys, customersApi } from '../api/customers';
import { useDebounced } from './useDebounced';

export type PickedCustomer = { id: string; name: string; mobile: string };

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null, customer: PickedCustomer | null) => void;
  /** Customers already known (the current owner …) so the select can show their names. */
  known?: (PickedCustomer | null | undefined)[];
  placeholder?: string;
  allowClear?: boolean;
  excludeId?: string | null;
  'data-testid'?: string;
};

function label(c: PickedCustomer, plates: string[] = []) {
  return [c.name, maskMobile(c.mobile), ...plates].join(' · ');
}

/** Chooses a customer by searching like the search page: name, mobile (last 4), plate, VIN. */
export function CustomerPicker({ id, value, onChange, known = [], placeholder, allowClear, excludeId, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const search = useQuery({
    queryKey: customerKeys.search(q),
    queryFn: ({ signal }) => customersApi.search(q, signal).then((r) => r.items),
    enabled: q.length > 0,
    staleTime: 15_000,
  });
  const [picked, setPicked] = useState<Map<string, PickedCustomer>>(new Map());
  const knownKey = known.map((c) => (c ? `${c.id}:${c.name}` : '')).join(',');
  useEffect(() => {
    setPicked((prev) => {
      const next = new Map(prev);
      for (const c of known) if (c) next.set(c.id, c);
      return next;
    });
  }, [knownKey]); // `known` is a new array on every render; its content is what matters

  const results: CustomerSummary[] = useMemo(
    () => (q ? (search.data ?? []) : []).filter((c) => c.id !== excludeId),
    [q, search.data, excludeId],
  );
  const options = useMemo(() => {
    const seen = new Set<string>();
    const list: { value: string; label: string }[] = [];
    for (const c of results) {
      seen.add(c.id);
      list.push({
        value: c.id,
        label: label(
          c,
          c.vehicles.slice(0, 2).map((v) => v.plate),
        ),
      });
    }
    if (value && !seen.has(value)) {
      const known = picked.get(value);
      if (known) list.unshift({ value: known.id, label: label(known) });
    }
    return list;
  }, [results, value, picked]);

  return (
    <Select<string>
      id={id}
      data-testid={rest['data-testid']}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={value ?? undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      options={options}
      notFoundContent={search.isFetching ? <Spin size="small" /> : q ? t('vehicle.noCustomerFound') : null}
      onChange={(next) => {
        const summary = results.find((c) => c.id === next);
        const customer = summary
          ? { id: summary.id, name: summary.name, mobile: summary.mobile }
          : next
            ? (picked.get(next) ?? null)
            : null;
        if (customer) setPicked((prev) => new Map(prev).set(customer.id, customer));
        setText('');
        onChange?.(next ?? null, customer);
      }}
      onClear={() => onChange?.(null, null)}
      style={{ width: '100%' }}
    />
  );
}
