import { DownloadOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import type { NetworkKpi } from '@servicebay/contracts';
import { DEALER_GRADES, NETWORK_KPIS } from '@servicebay/contracts/constants';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDealers } from '../../api/network';
import { cockpitExportUrl, networkKpisApi, useNetworkCockpit } from '../../api/networkKpis';
import { errorMessage } from '../../api/problems';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { ValueAddedCockpitCard } from '../kpis/ValueAddedCockpitCard';
import { RescueCockpitCard } from '../rescue/RescueCockpitCard';
import { CockpitTable } from './CockpitTable';
import { filterOptions, lastFullMonths, MAX_MONTHS, monthsBetween, queryFromParams } from './cockpit';
import { DrillDrawer } from './DrillDrawer';
import { JUDGEMENT_STYLES } from './Figure';
import { KpiTrendCard } from './KpiTrendCard';

const isKpi = (value: string | null): value is NetworkKpi => !!value && (NETWORK_KPIS as readonly string[]).includes(value);
const monthValue = (month: string) => dayjs(`${month}-01`);

/**
 * 网络驾驶舱: the headline KPIs of every dealer of the network (a dealer's managers: their own dealer
 * beside the network average and top quartile), a KPI's trend and the drill-down from a figure to the
 * service advisors and the records behind it. The filters and the drill-down live in the address, so
 * Back from a record returns to the same view.
 */
export function NetworkCockpitPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const carMaker = !user.dealer;
  const [params, setParams] = useSearchParams();
  const today = dealerDate(0);
  const query = useMemo(() => queryFromParams(params, today, carMaker), [params, today, carMaker]);
  const cockpit = useNetworkCockpit(query);
  const dealers = useDealers(carMaker);
  const options = useMemo(() => filterOptions(dealers.data ?? [], query.region), [dealers.data, query.region]);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // The figures are refreshed nightly; the car maker's admin may recompute the recent months now.
  const canRefresh = useCan('network.manage');
  const refresh = useMutation({
    mutationFn: networkKpisApi.refresh,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['network-kpis'] });
      void message.success(t('cockpit.refreshed', { from: result.from, to: result.to }));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const drillDealerId = params.get('dealer');
  const drillKpi = params.get('kpi');
  const drillAdvisor = params.get('advisor');
  const trendKpi = params.get('trend');
  const trendDealer = params.get('trendDealer');
  const data = cockpit.data;
  const drillDealer = data?.dealers.find((d) => d.dealerId === drillDealerId) ?? null;

  /** Changes some of the address's values (null removes one); a new view is a new history entry. */
  const update = (changes: Record<string, string | null | undefined>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace },
    );

  const presets = [12, 6, 3].map((months) => {
    const p = lastFullMonths(today, months);
    return { label: t(`cockpit.filters.last${months as 12 | 6 | 3}`), value: [monthValue(p.from), monthValue(p.to)] as [Dayjs, Dayjs] };
  });
  const lastMonth = dayjs(`${today.slice(0, 7)}-01`);
  const filtered = !!(query.region || query.city || query.grade);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="network-cockpit-page">
      <Space wrap size={16} style={{ justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {carMaker ? t('cockpit.title') : t('cockpit.dealerTitle')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="cockpit-refreshed">
            {!carMaker && `${t('cockpit.dealerHint')} · `}
            {data?.refreshedAt
              ? t('cockpit.refreshedAt', { time: formatDateTime(data.refreshedAt) })
              : data
                ? t('cockpit.notRefreshed')
                : ''}
          </Typography.Text>
        </div>
        <Space wrap>
          {canRefresh && (
            <Button icon={<SyncOutlined />} loading={refresh.isPending} onClick={() => refresh.mutate()} data-testid="cockpit-refresh">
              {t('cockpit.refresh')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={cockpitExportUrl(query, i18n.language)} download data-testid="cockpit-export">
            {t('cockpit.export')}
          </Button>
        </Space>
      </Space>

      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap>
          <DatePicker.RangePicker
            picker="month"
            value={[monthValue(query.from), monthValue(query.to)]}
            allowClear={false}
            inputReadOnly
            presets={presets}
            disabledDate={(current, info) =>
              current.isAfter(lastMonth, 'month') || (!!info?.from && Math.abs(current.diff(info.from, 'month')) >= MAX_MONTHS)
            }
            onChange={(next) => {
              if (!next?.[0] || !next[1]) return;
              const from = next[0].format('YYYY-MM');
              const to = next[1].format('YYYY-MM');
              if (monthsBetween(from, to) <= MAX_MONTHS) update({ from, to }, true);
            }}
            aria-label={t('cockpit.filters.period')}
            data-testid="cockpit-period"
          />
          {carMaker && (
            <>
              <Select<string>
                allowClear
                value={query.region}
                placeholder={t('cockpit.filters.allRegions')}
                onChange={(region) => update({ region, city: null }, true)}
                options={options.regions.map((r) => ({ value: r, label: r }))}
                style={{ minWidth: 140 }}
                aria-label={t('cockpit.filters.region')}
                data-testid="cockpit-region"
              />
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={query.city}
                placeholder={t('cockpit.filters.allCities')}
                onChange={(city) => update({ city }, true)}
                options={options.cities.map((c) => ({ value: c, label: c }))}
                style={{ minWidth: 140 }}
                aria-label={t('cockpit.filters.city')}
                data-testid="cockpit-city"
              />
              <Select<string>
                allowClear
                value={query.grade}
                placeholder={t('cockpit.filters.allGrades')}
                onChange={(grade) => update({ grade }, true)}
                options={(options.grades.length ? options.grades : DEALER_GRADES).map((g) => ({
                  value: g,
                  label: t('cockpit.filters.gradeValue', { grade: g }),
                }))}
                style={{ minWidth: 120 }}
                aria-label={t('cockpit.filters.grade')}
                data-testid="cockpit-grade"
              />
              {filtered && (
                <Button icon={<ReloadOutlined />} onClick={() => update({ region: null, city: null, grade: null }, true)}>
                  {t('cockpit.filters.reset')}
                </Button>
              )}
            </>
          )}
        </Space>
      </Card>

      {cockpit.isPending ? (
        <PageSkeleton cards={2} />
      ) : cockpit.isError ? (
        <ErrorState error={cockpit.error} onRetry={() => void cockpit.refetch()} />
      ) : (
        <>
          <Card styles={{ body: { padding: 0 } }}>
            <Space wrap size={[12, 4]} style={{ padding: '8px 12px' }}>
              <Tag style={{ ...JUDGEMENT_STYLES.better, border: 0 }}>{t('cockpit.legend.better')}</Tag>
              <Tag style={{ ...JUDGEMENT_STYLES.worse, border: 0 }}>{t('cockpit.legend.worse')}</Tag>
              <Typography.Text type="secondary">{t('cockpit.legend.topQuartile')}</Typography.Text>
              <Typography.Text type="secondary">{t('cockpit.legend.clickHint')}</Typography.Text>
            </Space>
            <CockpitTable
              cockpit={cockpit.data}
              loading={cockpit.isPlaceholderData}
              onOpen={(dealerId, kpi) =>
                // The trend follows: after the drill-down it shows the same dealer and KPI by month.
                update({ dealer: dealerId, kpi, advisor: null, trend: kpi, trendDealer: carMaker ? dealerId : null })
              }
            />
          </Card>
          <KpiTrendCard
            kpi={isKpi(trendKpi) ? trendKpi : 'csiScore'}
            dealerId={carMaker ? trendDealer : null}
            dealers={cockpit.data.dealers}
            fixedDealer={user.dealer ? { id: user.dealer.id, name: user.dealer.name } : null}
            query={query}
            onChange={(next) => update({ trend: next.kpi, trendDealer: next.dealerId }, true)}
          />
          <RescueCockpitCard from={query.from} to={query.to} region={query.region} city={query.city} grade={query.grade} />
          <ValueAddedCockpitCard from={query.from} to={query.to} region={query.region} city={query.city} grade={query.grade} />
        </>
      )}

      <DrillDrawer
        dealer={drillDealer}
        kpi={drillDealer && isKpi(drillKpi) ? drillKpi : null}
        advisor={drillAdvisor}
        from={query.from}
        to={query.to}
        networkAverage={data?.networkAverage}
        topQuartile={data?.topQuartile}
        onAdvisor={(advisor) => update({ advisor })}
        onClose={() => update({ dealer: null, kpi: null, advisor: null }, true)}
      />
    </div>
  );
}
