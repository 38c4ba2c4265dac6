import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useVehicleModels } from '../../api/vehicles';
import { type CampaignDetail, useCampaign } from '../../api/warranty';
import { formatDateTime } from '../../components/DateText';
import { EChart, type EChartOption } from '../../components/EChart';
import { useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { CampaignKindTag, CampaignStateTag, CompletionBar, Validity } from './CampaignTags';
import { byCompletion, dealerNames } from './campaigns';
import { percentOf } from './reports';

type DealerRow = CampaignDetail['byDealer'][number];
type OpenVehicle = CampaignDetail['openVehicles'][number];

/** The most open cars the API lists. */
const OPEN_VEHICLES_LIMIT = 500;

/** The rule in words: 车型 A · 2023–2024 年款 · 序列号 000100–000900. */
function RuleText({ rule }: { rule: NonNullable<CampaignDetail['rule']> }) {
  const { t } = useTranslation();
  const models = useVehicleModels();
  const model = models.data?.find((m) => m.id === rule.modelId);
  const any = t('warranty.campaigns.any');
  const parts = [model ? `${model.code} ${model.name}` : t('warranty.campaigns.unknownModel')];
  if (rule.modelYearFrom || rule.modelYearTo)
    parts.push(t('warranty.campaigns.ruleYears', { from: rule.modelYearFrom ?? any, to: rule.modelYearTo ?? any }));
  if (rule.serialFrom || rule.serialTo)
    parts.push(t('warranty.campaigns.ruleSerials', { from: rule.serialFrom ?? any, to: rule.serialTo ?? any }));
  return <span data-testid="campaign-rule-text">{parts.join(' · ')}</span>;
}

/** 召回 / 服务活动详情: what is done, the completion (by dealer for the car maker), and the cars still to do. */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const carMaker = useIsCarMaker();
  const campaign = useCampaign(id);
  const dealers = useMemo(() => (campaign.data ? byCompletion(campaign.data.byDealer) : []), [campaign.data]);
  const names = useMemo(() => (campaign.data ? dealerNames(campaign.data) : new Map<string, string>()), [campaign.data]);
  const progressOption = useMemo((): EChartOption | null => {
    const weeks = campaign.data?.overTime ?? [];
    if (weeks.length === 0) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('warranty.campaigns.weekly'), t('warranty.campaigns.cumulative')] },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: weeks.map((w) => w.weekOf.slice(5)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        { name: t('warranty.campaigns.weekly'), type: 'bar', data: weeks.map((w) => w.completed) },
        { name: t('warranty.campaigns.cumulative'), type: 'line', yAxisIndex: 1, data: weeks.map((w) => w.cumulative) },
      ],
    };
  }, [campaign.data, t]);

  if (campaign.isPending) return <PageSkeleton cards={3} />;
  if (campaign.isError)
    return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} notFoundText={t('warranty.campaigns.notFound')} />;
  const c = campaign.data;
  const none = t('common.none');
  const rate = percentOf(c.completionRate);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="campaign-page" data-code={c.code}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Button
          type="text"
          size="large"
          icon={<ArrowLeftOutlined />}
          aria-label={t('common.back')}
          onClick={() => void navigate('/warranty/campaigns')}
        />
        <Typography.Title level={3} style={{ margin: 0 }}>
          <span className="sb-mono">{c.code}</span> {c.title}
        </Typography.Title>
        <CampaignKindTag kind={c.kind} />
        <CampaignStateTag open={c.open} />
        <div style={{ flex: 1 }} />
        <Button
          icon={<ReloadOutlined spin={campaign.isFetching} />}
          aria-label={t('common.reload')}
          onClick={() => void campaign.refetch()}
        />
      </div>

      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))' }}>
        <Card size="small">
          <Statistic title={t('warranty.campaigns.vehicles')} value={c.vehicles} data-testid="campaign-vehicles" />
        </Card>
        <Card size="small">
          <Statistic title={t('warranty.campaigns.completed')} value={c.completed} data-testid="campaign-completed" />
        </Card>
        <Card size="small">
          <Statistic title={t('warranty.campaigns.remaining')} value={Math.max(0, c.vehicles - c.completed)} />
        </Card>
        <Card size="small">
          <Statistic
            title={t('warranty.campaigns.completionRate')}
            value={rate ?? none}
            precision={rate === null ? undefined : 1}
            suffix={rate === null ? undefined : '%'}
            data-testid="campaign-rate"
          />
          <CompletionBar rate={c.completionRate} />
        </Card>
      </div>

      <Card title={t('warranty.campaigns.details')}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('warranty.campaigns.validity')}>
            <Validity from={c.validFrom} to={c.validTo} />
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.campaigns.labourCode')}>
            <span className="sb-mono">{c.labourCode ?? none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.campaigns.labourHours')}>
            {t('warranty.lines.hoursShort', { hours: c.labourHours })}
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.campaigns.affected')}>
            {c.rule ? <RuleText rule={c.rule} /> : t('warranty.campaigns.targets.file')}
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.campaigns.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('warranty.campaigns.parts')} span={{ xs: 1, sm: 2, lg: 3 }}>
            {c.parts.length === 0 ? (
              t('warranty.campaigns.noParts')
            ) : (
              <div style={{ display: 'grid', gap: 2 }}>
                {c.parts.map((p) => (
                  <span key={p.partNumber}>
                    <Typography.Text className="sb-mono">{p.partNumber}</Typography.Text> {p.name} × {p.quantity}
                  </span>
                ))}
              </div>
            )}
          </Descriptions.Item>
          {c.description && (
            <Descriptions.Item label={t('warranty.campaigns.description')} span={{ xs: 1, sm: 2, lg: 3 }}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.description}</Typography.Paragraph>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]}>
        {carMaker && (
          <Col xs={24} xl={12}>
            <Card title={t('warranty.campaigns.byDealer')} styles={{ body: { padding: 0 } }}>
              <Table<DealerRow>
                rowKey={(d) => d.dealer.id}
                size="small"
                dataSource={dealers}
                pagination={dealers.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: <EmptyState description={t('warranty.campaigns.noDealers')} /> }}
                data-testid="campaign-by-dealer"
                columns={[
                  {
                    title: t('warranty.columns.dealer'),
                    key: 'dealer',
                    render: (_, d) => (
                      <span style={{ whiteSpace: 'nowrap' }}>
                        <Typography.Text type="secondary" className="sb-mono">
                          {d.dealer.code}
                        </Typography.Text>{' '}
                        {d.dealer.name}
                      </span>
                    ),
                    sorter: (a, b) => a.dealer.code.localeCompare(b.dealer.code),
                  },
                  {
                    title: t('kpi.network.region'),
                    key: 'region',
                    render: (_, d) => d.dealer.region ?? none,
                    sorter: (a, b) => (a.dealer.region ?? '').localeCompare(b.dealer.region ?? '', 'zh-CN'),
                  },
                  {
                    title: t('warranty.campaigns.vehicles'),
                    dataIndex: 'vehicles',
                    align: 'right',
                    sorter: (a, b) => a.vehicles - b.vehicles,
                  },
                  {
                    title: t('warranty.campaigns.completed'),
                    dataIndex: 'completed',
                    align: 'right',
                    sorter: (a, b) => a.completed - b.completed,
                  },
                  {
                    title: t('warranty.campaigns.completionRate'),
                    key: 'rate',
                    width: 180,
                    sorter: (a, b) => (a.completionRate ?? -1) - (b.completionRate ?? -1),
                    render: (_, d) => <CompletionBar rate={d.completionRate} />,
                  },
                ]}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={carMaker ? 12 : 24}>
          <Card
            title={t('warranty.campaigns.openVehicles')}
            extra={
              c.openVehicles.length >= OPEN_VEHICLES_LIMIT ? (
                <Typography.Text type="secondary">
                  {t('warranty.campaigns.openVehiclesLimit', { count: OPEN_VEHICLES_LIMIT })}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {t('warranty.campaigns.openVehiclesCount', { count: c.openVehicles.length })}
                </Typography.Text>
              )
            }
            styles={{ body: { padding: 0 } }}
          >
            <Table<OpenVehicle>
              rowKey="vehicleId"
              size="small"
              dataSource={c.openVehicles}
              pagination={c.openVehicles.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <EmptyState description={t('warranty.campaigns.allDone')} /> }}
              data-testid="campaign-open-vehicles"
              columns={[
                {
                  title: t('vehicle.vin'),
                  key: 'vin',
                  render: (_, v) => (
                    <Link to={`/vehicles/${v.vehicleId}`} className="sb-mono" data-testid="campaign-open-vehicle">
                      {v.vin}
                    </Link>
                  ),
                },
                {
                  title: t('warranty.columns.vehicle'),
                  key: 'plate',
                  render: (_, v) => (v.plate ? <PlateTag plate={v.plate} size="small" showKindTag={false} /> : none),
                },
                ...(carMaker
                  ? [
                      {
                        title: t('warranty.columns.dealer'),
                        key: 'dealer',
                        render: (_: unknown, v: OpenVehicle) => (v.dealerId ? (names.get(v.dealerId) ?? none) : none),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        {carMaker && c.byRegion.length > 1 && (
          <Col xs={24} xl={12}>
            <Card title={t('warranty.campaigns.byRegion')} styles={{ body: { padding: 0 } }}>
              <Table<CampaignDetail['byRegion'][number]>
                rowKey={(r) => r.region ?? ''}
                size="small"
                dataSource={c.byRegion}
                pagination={false}
                data-testid="campaign-by-region"
                columns={[
                  { title: t('warranty.campaigns.region'), key: 'region', render: (_, r) => r.region ?? t('warranty.campaigns.noRegion') },
                  { title: t('warranty.campaigns.vehicles'), dataIndex: 'vehicles', align: 'right' },
                  { title: t('warranty.campaigns.completed'), dataIndex: 'completed', align: 'right' },
                  {
                    title: t('warranty.campaigns.completionRate'),
                    key: 'rate',
                    width: 180,
                    render: (_, r) => <CompletionBar rate={r.completionRate} />,
                  },
                ]}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={carMaker && c.byRegion.length > 1 ? 12 : 24}>
          <Card title={t('warranty.campaigns.overTime')}>
            {c.overTime.length === 0 ? (
              <EmptyState description={t('warranty.campaigns.noneYet')} />
            ) : (
              progressOption && <EChart option={progressOption} height={260} data-testid="campaign-over-time" />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
