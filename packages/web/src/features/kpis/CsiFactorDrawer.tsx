import type { CsiDashboard, RATER } from '@servicebay/contracts';
import { Card, Descriptions, Drawer, Grid, List, Progress, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type FactorDrill, useCsiFactor } from '../../api/csi';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { tr } from '../complaints/ComplaintTags';
import { localize } from '../csi/survey';

type Item = FactorDrill['items'][number];
type Process = FactorDrill['process'][number];
const RATER_COLORS: Record<(typeof RATER)[number], string> = {
  reliability: 'blue',
  assurance: 'purple',
  tangibles: 'cyan',
  empathy: 'magenta',
  responsiveness: 'orange',
};

export const scoreColor = (score: number | null | undefined) =>
  score === null || score === undefined ? undefined : score < 60 ? '#cf1322' : score < 80 ? '#d48806' : '#389e0d';
const fixed1 = (n: number | null | undefined) => (n === null || n === undefined ? null : (Math.round(n * 10) / 10).toFixed(1));

/** A process figure in its unit: a rate as %, minutes, a count. */
export function processValue(p: Pick<Process, 'value' | 'unit'>, none: string): string {
  if (p.value === null) return none;
  if (p.unit === 'rate') return `${(Math.round(p.value * 1000) / 10).toFixed(1)}%`;
  if (p.unit === 'minutes') return tr('csi.drill.minutes', { n: (Math.round(p.value * 10) / 10).toLocaleString() });
  return p.value.toLocaleString();
}

const processLabel = (key: string) => (hasTranslation(`csi.process.${key}`) ? tr(`csi.process.${key}`) : key);

/**
 * A factor's drill-down: its items with score and low answers (RATER tagged), the process figures of
 * the step it measures (which step to fix) and the low responses with their RO and complaint.
 */
export function CsiFactorDrawer({
  factor,
  dashboard,
  from,
  to,
  dealerId,
  region = null,
  onClose,
}: {
  factor: string | null;
  dashboard: CsiDashboard | undefined;
  from: string;
  to: string;
  dealerId: string | null;
  /** The car maker's region, with or without a dealer. */
  region?: string | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const drill = useCsiFactor(factor, from, to, dealerId, region);
  const none = t('common.none');
  const meta = dashboard?.factors.find((f) => f.key === factor) ?? drill.data?.factor;
  const score = factor ? dashboard?.total.factors[factor] : null;
  const name = meta ? localize(meta.name, i18n.language) : factor;

  return (
    <Drawer
      open={!!factor}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      title={t('csi.drill.title', { factor: name ?? '' })}
      data-testid="csi-factor-drawer"
    >
      {drill.isPending ? (
        <PageSkeleton cards={2} />
      ) : drill.isError ? (
        <ErrorState error={drill.error} onRetry={() => void drill.refetch()} />
      ) : (
        <div style={{ display: 'grid', gap: 16 }} data-factor={factor}>
          <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
            <Card size="small">
              <Statistic
                title={t('csi.drill.score')}
                value={fixed1(score) ?? none}
                styles={{ content: { color: scoreColor(score) } }}
                data-testid="csi-drill-score"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('csi.drill.weight', { weight: meta?.weight ?? 0 })}
              </Typography.Text>
            </Card>
            {drill.data.process.map((p) => (
              <Card size="small" key={p.key} data-testid={`csi-process-${p.key}`}>
                <Statistic title={processLabel(p.key)} value={processValue(p, none)} />
              </Card>
            ))}
          </div>
          {drill.data.process.length > 0 && (
            <Typography.Text type="secondary" data-testid="csi-process-hint">
              {t('csi.drill.processHint')}
            </Typography.Text>
          )}
          <Card size="small" title={t('csi.drill.items')} styles={{ body: { padding: 0 } }}>
            <Table<Item>
              rowKey="questionId"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={drill.data.items}
              data-testid="csi-drill-items"
              onRow={(item) => ({ 'data-question-id': item.questionId }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('csi.drill.question'), key: 'text', render: (_, item) => localize(item.text, i18n.language) },
                {
                  title: t('csi.drill.rater'),
                  key: 'rater',
                  render: (_, item) =>
                    item.rater ? (
                      <Tag color={RATER_COLORS[item.rater]} data-testid="csi-rater">
                        {t(`csi.rater.${item.rater}`)}
                      </Tag>
                    ) : (
                      none
                    ),
                },
                { title: t('csi.drill.answers'), dataIndex: 'answers', align: 'right' },
                {
                  title: t('csi.drill.itemScore'),
                  key: 'score',
                  align: 'right',
                  sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
                  defaultSortOrder: 'ascend',
                  render: (_, item) =>
                    item.score === null ? (
                      none
                    ) : (
                      <Space size={6}>
                        <Progress percent={Math.round(item.score)} size={[60, 6]} showInfo={false} strokeColor={scoreColor(item.score)} />
                        <span style={{ color: scoreColor(item.score) }}>{fixed1(item.score)}</span>
                      </Space>
                    ),
                },
                {
                  title: t('csi.drill.lowAnswers'),
                  key: 'low',
                  align: 'right',
                  render: (_, item) => (item.lowAnswers > 0 ? <Typography.Text type="danger">{item.lowAnswers}</Typography.Text> : 0),
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={
              drill.data.lowResponsesTotal > drill.data.lowResponses.length
                ? t('csi.drill.lowResponsesNewest', { count: drill.data.lowResponsesTotal, shown: drill.data.lowResponses.length })
                : t('csi.drill.lowResponses', { count: drill.data.lowResponsesTotal })
            }
            data-testid="csi-drill-low"
          >
            {drill.data.lowResponses.length === 0 ? (
              <EmptyState description={t('csi.drill.noLow')} />
            ) : (
              <List
                size="small"
                dataSource={drill.data.lowResponses}
                renderItem={(r) => (
                  <List.Item
                    data-testid="csi-low-response"
                    extra={
                      <Typography.Text strong style={{ color: scoreColor(r.csi) }}>
                        {fixed1(r.csi) ?? none}
                      </Typography.Text>
                    }
                  >
                    <Descriptions size="small" column={1}>
                      <Descriptions.Item label={t('csi.columns.customer')}>
                        <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link> · {formatDateTime(r.submittedAt)} ·{' '}
                        {t(`csi.source.${r.source}`)}
                      </Descriptions.Item>
                      {r.serviceAdvisor && <Descriptions.Item label={t('csi.columns.sa')}>{r.serviceAdvisor.name}</Descriptions.Item>}
                      <Descriptions.Item label={t('csi.columns.links')}>
                        <Space size={12} wrap>
                          {r.repairOrder ? (
                            <Link to={`/repair-orders/${r.repairOrder.id}`} data-testid="csi-low-ro">
                              {t('csi.drill.ro', { number: r.repairOrder.number })}
                            </Link>
                          ) : (
                            none
                          )}
                          {r.complaintId && (
                            <Link to={`/complaints/${r.complaintId}`} data-testid="csi-low-complaint">
                              {t('csi.drill.complaint')}
                            </Link>
                          )}
                        </Space>
                      </Descriptions.Item>
                    </Descriptions>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </div>
      )}
    </Drawer>
  );
}
