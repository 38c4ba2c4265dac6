import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDealers } from '../../api/network';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { type NetworkFilter, networkFilterOptions, withRegion } from './networkFilter';

/**
 * The car maker's narrowing of a KPI page to a region and a dealer (of that region). Dealer staff
 * read their own dealer only, so they get nothing to choose.
 */
export function KpiNetworkFilter({
  value,
  onChange,
  testId,
}: {
  value: NetworkFilter;
  onChange: (next: NetworkFilter) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const dealers = useDealers(carMaker);
  if (!carMaker) return null;
  const all = dealers.data ?? [];
  const options = networkFilterOptions(all, value.region);
  return (
    <>
      {options.regions.length > 0 && (
        <Select<string>
          allowClear
          value={value.region ?? undefined}
          placeholder={t('kpi.network.allRegions')}
          onChange={(region) => onChange(withRegion(value, region ?? null, all))}
          options={options.regions.map((r) => ({ value: r, label: r }))}
          style={{ minWidth: 130 }}
          aria-label={t('kpi.network.region')}
          data-testid={`${testId}-region`}
        />
      )}
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        value={value.dealerId ?? undefined}
        placeholder={t('kpi.network.allDealers')}
        onChange={(dealerId) => onChange({ ...value, dealerId: dealerId ?? null })}
        loading={dealers.isPending}
        options={options.dealers.map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
        style={{ minWidth: 220 }}
        aria-label={t('kpi.network.dealer')}
        data-testid={`${testId}-dealer`}
      />
    </>
  );
}
