import { DownloadOutlined, TeamOutlined } from '@ant-design/icons';
import type { NetworkKpi } from '@servicebay/contracts';
import { Button, Card, Drawer, Grid, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AdvisorKpis, advisorsExportUrl, type KpiRecord, type KpiValues, useAdvisorKpis, useKpiRecords } from '../../api/networkKpis';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { dealerDateOf } from '../../components/dealerTime';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { tr } from '../complaints/ComplaintTags';
import { compareFigures, judge, lowerIsBetter, recordPath } from './cockpit';
import { Figure, JUDGEMENT_STYLES, useFigureText } from './Figure';

type Advisor = AdvisorKpis['advisors'][number];
const PAGE_SIZE = 20;
export const ALL_ADVISORS = 'all';

const reasonText = (reason: string | null) =>
  reason === null ? null : hasTranslation(`cockpit.reasons.${reason}`) ? tr(`cockpit.reasons.${reason}`) : reason;

/**
 * The drill-down of one dealer's figure: the figure by service advisor, then the records behind it
 * (of one advisor or all), each opening its own page, the ones counted against the figure highlighted.
 */
export function DrillDrawer({
  dealer,
  kpi,
  advisor,
  from,
  to,
  networkAverage,
  topQuartile,
  onAdvisor,
  onClose,
}: {
  dealer: { dealerId: string; name: string; values: KpiValues } | null;
  kpi: NetworkKpi | null;
  /** The advisor whose records are shown, `all`, or none yet. */
  advisor: string | null;
  from: string;
  to: string;
  networkAverage: KpiValues | undefined;
  topQuartile: KpiValues | undefined;
  onAdvisor: (advisorId: string | null) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const format = useFigureText();
  const open = !!dealer && !!kpi;
  const advisors = useAdvisorKpis(open ? dealer.dealerId : null, from, to);
  const kpiName = kpi ? t(`cockpit.kpis.${kpi}`) : '';

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.lg ? 960 : '100%'}
      destroyOnHidden
      title={t('cockpit.drill.title', { dealer: dealer?.name ?? '', kpi: kpiName })}
      data-testid="cockpit-drill"
    >
      {open && (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))' }}>
            <Card size="small">
              <Statistic
                title={t('cockpit.drill.dealerFigure')}
                value={format(kpi, dealer.values[kpi])}
                styles={{ content: { color: JUDGEMENT_STYLES[judge(kpi, dealer.values[kpi], networkAverage?.[kpi]) ?? 'even'].color } }}
                data-testid="drill-dealer-figure"
              />
            </Card>
            <Card size="small">
              <Statistic title={t('cockpit.drill.networkAverage')} value={format(kpi, networkAverage?.[kpi])} />
            </Card>
            <Card size="small">
              <Statistic title={t('cockpit.drill.topQuartile')} value={format(kpi, topQuartile?.[kpi])} />
            </Card>
          </div>
          <Typography.Text type="secondary">
            {t(`cockpit.formulas.${kpi}`)}
            {lowerIsBetter(kpi) && ` · ${t('cockpit.legend.lowerIsBetter')}`}
          </Typography.Text>
          <Card
            size="small"
            title={t('cockpit.drill.advisors')}
            styles={{ body: { padding: 0 } }}
            extra={
              <Space wrap>
                <Button
                  icon={<DownloadOutlined />}
                  href={advisorsExportUrl(dealer.dealerId, from, to, i18n.language)}
                  download
                  data-testid="drill-advisors-export"
                >
                  {t('cockpit.drill.exportAdvisors')}
                </Button>
                <Button
                  icon={<TeamOutlined />}
                  type={advisor === ALL_ADVISORS ? 'primary' : 'default'}
                  aria-pressed={advisor === ALL_ADVISORS}
                  onClick={() => onAdvisor(ALL_ADVISORS)}
                  data-testid="drill-all-advisors"
                >
                  {t('cockpit.drill.allAdvisors')}
                </Button>
              </Space>
            }
          >
            {advisors.isPending ? (
              <div style={{ padding: 12 }}>
                <PageSkeleton cards={1} />
              </div>
            ) : advisors.isError ? (
              <ErrorState error={advisors.error} onRetry={() => void advisors.refetch()} />
            ) : (
              <Table<Advisor>
                rowKey="advisorId"
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={advisors.data.advisors}
                locale={{ emptyText: <EmptyState description={t('cockpit.drill.noAdvisors')} /> }}
                onRow={(row) =>
                  ({
                    style: row.advisorId === advisor ? { background: '#e6f4ff' } : undefined,
                    'data-selected': String(row.advisorId === advisor),
                  }) as React.HTMLAttributes<HTMLElement>
                }
                data-testid="drill-advisors"
                columns={[
                  {
                    key: 'name',
                    title: t('cockpit.drill.advisor'),
                    sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
                    render: (_, row) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        aria-pressed={row.advisorId === advisor}
                        aria-label={t('cockpit.drill.openRecords', { name: row.name })}
                        onClick={() => onAdvisor(row.advisorId)}
                        data-testid="drill-advisor"
                      >
                        {row.name}
                      </Button>
                    ),
                  },
                  {
                    key: 'figure',
                    title: kpiName,
                    align: 'right',
                    defaultSortOrder: lowerIsBetter(kpi) ? 'descend' : 'ascend',
                    sorter: (a, b, order) => compareFigures(a.values[kpi], b.values[kpi], order),
                    sortDirections: ['ascend', 'descend'],
                    render: (_, row) => <Figure kpi={kpi} value={row.values[kpi]} average={networkAverage?.[kpi]} />,
                  },
                ]}
              />
            )}
          </Card>
          {advisor ? (
            <Records
              key={advisor}
              dealerId={dealer.dealerId}
              kpi={kpi}
              advisorId={advisor === ALL_ADVISORS ? null : advisor}
              advisorName={advisors.data?.advisors.find((a) => a.advisorId === advisor)?.name ?? null}
              from={from}
              to={to}
            />
          ) : (
            <Typography.Text type="secondary" data-testid="drill-pick-advisor">
              {t('cockpit.drill.pickAdvisor')}
            </Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}

function Records({
  dealerId,
  kpi,
  advisorId,
  advisorName,
  from,
  to,
}: {
  dealerId: string;
  kpi: NetworkKpi;
  advisorId: string | null;
  advisorName: string | null;
  from: string;
  to: string;
}) {
  const { t } = useTranslation();
  const none = t('common.none');
  const [page, setPage] = useState(1);
  const records = useKpiRecords({ dealerId, kpi, advisorId, from, to, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const title = advisorId ? t('cockpit.drill.recordsOf', { name: advisorName ?? '' }) : t('cockpit.drill.recordsOfAll');

  return (
    <Card
      size="small"
      title={title}
      styles={{ body: { padding: 0 } }}
      extra={<Typography.Text type="secondary">{t('cockpit.drill.countedHint')}</Typography.Text>}
      data-testid="drill-records"
    >
      {records.isPending ? (
        <div style={{ padding: 12 }}>
          <PageSkeleton cards={1} />
        </div>
      ) : records.isError ? (
        <ErrorState error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <Table<KpiRecord>
          rowKey={(r) => `${r.kind}-${r.id}`}
          size="small"
          loading={records.isPlaceholderData}
          scroll={{ x: 'max-content' }}
          dataSource={records.data.items}
          locale={{
            emptyText: (
              <EmptyState description={kpi === 'retentionRate' ? t('cockpit.drill.noRecordsRetention') : t('cockpit.drill.noRecords')} />
            ),
          }}
          onRow={(r) =>
            ({
              style: r.counted ? { background: '#fff7e6' } : undefined,
              'data-counted': String(r.counted),
              'data-kind': r.kind,
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: records.data.total,
            showSizeChanger: false,
            showTotal: (total) => t('cockpit.drill.total', { count: total }),
            onChange: setPage,
          }}
          columns={[
            { key: 'kind', title: t('cockpit.records.kind'), render: (_, r) => t(`cockpit.kinds.${r.kind}`) },
            {
              key: 'number',
              title: t('cockpit.records.number'),
              render: (_, r) => {
                const path = recordPath(r, dealerDateOf);
                const label = r.number ?? t(`cockpit.kinds.${r.kind}`);
                return path ? (
                  <Link to={path} data-testid="drill-record-link">
                    {label}
                  </Link>
                ) : (
                  <span title={t('cockpit.records.noPage')}>{r.number ?? none}</span>
                );
              },
            },
            { key: 'at', title: t('cockpit.records.at'), render: (_, r) => formatDateTime(r.at) },
            {
              key: 'plate',
              title: t('cockpit.records.plate'),
              render: (_, r) => (r.plate ? <PlateTag plate={r.plate} size="small" /> : none),
            },
            { key: 'advisor', title: t('cockpit.records.advisor'), render: (_, r) => r.advisorName ?? none },
            {
              key: 'counted',
              title: t('cockpit.records.counted'),
              render: (_, r) =>
                r.counted ? (
                  <Tag color="orange" data-testid="drill-record-counted">
                    {t('cockpit.counted')}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary">{t('cockpit.notCounted')}</Typography.Text>
                ),
            },
            { key: 'reason', title: t('cockpit.records.reason'), render: (_, r) => reasonText(r.reason) ?? none },
          ]}
        />
      )}
    </Card>
  );
}
