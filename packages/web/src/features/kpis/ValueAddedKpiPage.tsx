import { Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useValueAddedKpi } from '../../api/valueAdded';
import { dealerDate } from '../../components/dealerTime';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { KpiHeader, standardPresets } from './KpiHeader';
import { KpiNetworkFilter } from './KpiNetworkFilter';
import { filterParams, type NetworkFilter } from './networkFilter';
import { hasFigures, ValueAddedCards, ValueAddedTable } from './ValueAddedKpi';

/** 增值服务KPI: loaner utilisation, pick-up on time, rescue response and club redemption; the car maker compares its dealers. */
export function ValueAddedKpiPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(dealerDate(-89)), dayjs(dealerDate(0))]);
  const [network, setNetwork] = useState<NetworkFilter>({ dealerId: null, region: null });
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const kpi = useValueAddedKpi({ from, to, ...(carMaker ? filterParams(network) : {}) });

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="value-added-kpi-page">
      <KpiHeader
        title={t('valueAdded.pageTitle')}
        range={range}
        onRange={setRange}
        presets={standardPresets(t)}
        extra={<KpiNetworkFilter value={network} onChange={setNetwork} testId="value-added-kpi" />}
      />
      {kpi.isPending ? (
        <PageSkeleton cards={2} />
      ) : kpi.isError ? (
        <ErrorState error={kpi.error} onRetry={() => void kpi.refetch()} />
      ) : !hasFigures(kpi.data.total) ? (
        <EmptyState description={t('valueAdded.empty')} />
      ) : (
        <>
          {carMaker && <Typography.Title level={5}>{t('valueAdded.network')}</Typography.Title>}
          <ValueAddedCards figures={kpi.data.total} />
          {carMaker && <ValueAddedTable kpi={kpi.data} loading={kpi.isPlaceholderData} />}
        </>
      )}
    </div>
  );
}
