import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDealers } from '../api/network';
import { useUser } from '../app/session';

/** Car-maker staff have no dealer: they read the whole network, every row naming its dealer. */
export function useIsCarMaker(): boolean {
  return useUser().dealer === null;
}

type Props = { value: string | undefined; onChange: (dealerId: string | undefined) => void };

/** The car maker's narrowing of a network-wide read to one dealer (GET /dealers lists them). */
export function NetworkDealerFilter({ value, onChange }: Props) {
  const { t } = useTranslation();
  const dealers = useDealers();
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      placeholder={t('networkRead.allDealers')}
      onChange={(v) => onChange(v ?? undefined)}
      loading={dealers.isPending}
      options={(dealers.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
      style={{ minWidth: 180 }}
      data-testid="dealer-filter"
    />
  );
}
