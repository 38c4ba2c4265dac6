import { PhoneOutlined } from '@ant-design/icons';
import {
  CUSTOMER_SEGMENTS,
  CUSTOMER_TIERS,
  type CustomerSegment,
  type CustomerTier,
  RETENTION_PRIORITIES,
  type RetentionPriority,
  VALUE_TRENDS,
  type ValueTrend,
} from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  callListFilter,
  customerValueApi,
  isNarrowed,
  useValueList,
  useValueMix,
  VALUE_PAGE_SIZE,
  type ValueFilter,
  type ValueList,
  type ValueMix,
} from '../../api/customerValue';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { dealerToday, formatDate } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { ValueSettingsButtons } from './ValueSettingsDrawer';
import { PriorityTag, SEGMENT_COLORS, SegmentTag, TIER_COLORS, TierTag, TrendTag } from './ValueTags';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
const MAX_CALL_LIST = 500;

const listOf = <T extends string>(text: string | null, known: readonly T[]) =>
  (text ?? '').split(',').filter((s): s is T => (known as readonly string[]).includes(s));

/** The filter as the address holds it: ?segment=at_risk,lost&tier=vip&priority=high&sort=priority&trend=declining&min=2000 (yuan). */
function useFilter(): [ValueFilter, (changes: Partial<ValueFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const segments = listOf(params.get('segment'), CUSTOMER_SEGMENTS);
  const tiers = listOf(params.get('tier'), CUSTOMER_TIERS);
  const priority = listOf(params.get('priority'), RETENTION_PRIORITIES)[0];
  const trendParam = params.get('trend');
  const trend = (VALUE_TRENDS as readonly string[]).includes(trendParam ?? '') ? (trendParam as ValueTrend) : undefined;
  const min = Number(params.get('min'));
  const filter: ValueFilter = {
    segments,
    tiers,
    ...(priority ? { priority } : {}),
    sort: params.get('sort') === 'priority' ? 'priority' : 'value',
    ...(trend ? { trend } : {}),
    ...(Number.isFinite(min) && min > 0 ? { minValueFen: Math.round(min * 100) } : {}),
    ...(params.get('dealer') ? { dealerId: params.get('dealer')! } : {}),
  };
  const update = (changes: Partial<ValueFilter>) => {
    const next = { ...filter, ...changes };
    const out = new URLSearchParams();
    if (next.segments.length) out.set('segment', next.segments.join(','));
    if (next.tiers.length) out.set('tier', next.tiers.join(','));
    if (next.priority) out.set('priority', next.priority);
    if (next.sort === 'priority') out.set('sort', 'priority');
    if (next.trend) out.set('trend', next.trend);
    if (next.minValueFen) out.set('min', String(next.minValueFen / 100));
    if (next.dealerId) out.set('dealer', next.dealerId);
    setParams(out, { replace: true });
  };
  return [filter, update];
}

/** One dealer's segments: how many customers each holds and its share of the window's revenue. */
function SegmentBars({ dealer, onPick }: { dealer: ValueMix['dealers'][number]; onPick: (s: CustomerSegment) => void }) {
  const { t } = useTranslation();
  const revenue = dealer.segments.reduce((n, s) => n + s.revenueFen, 0);
  return (
    <div style={{ display: 'grid', gap: 6 }} data-testid="value-mix-segments">
      {CUSTOMER_SEGMENTS.map((segment) => {
        const row = dealer.segments.find((s) => s.segment === segment);
        const customers = row?.customers ?? 0;
        const share = revenue > 0 ? (row?.revenueFen ?? 0) / revenue : 0;
        return (
          <button
            key={segment}
            type="button"
            onClick={() => onPick(segment)}
            className="sb-row-button"
            style={{
              display: 'grid',
              gridTemplateColumns: '96px 88px 1fr',
              alignItems: 'center',
              gap: 8,
              border: 'none',
              background: 'transparent',
              padding: '2px 0',
              cursor: 'pointer',
              textAlign: 'left',
              font: 'inherit',
            }}
            data-testid="value-mix-segment"
            data-segment={segment}
            data-customers={customers}
          >
            <SegmentTag segment={segment} />
            <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
              {t('customerValue.customerCount', { count: customers })}
            </Typography.Text>
            <Progress
              percent={Math.round(share * 1000) / 10}
              size="small"
              strokeColor={SEGMENT_COLORS[segment] === 'default' ? '#bfbfbf' : undefined}
              format={(p) => `${p}%`}
              aria-label={t('customerValue.share')}
            />
          </button>
        );
      })}
    </div>
  );
}

/** The seeds' contribution × frequency grid: customers by F (rows, best on top) and M (columns, best on the right). */
function ValueGrid({ grid }: { grid: ValueMix['dealers'][number]['grid'] }) {
  const { t } = useTranslation();
  const most = Math.max(1, ...grid.map((c) => c.customers));
  const scores = [1, 2, 3, 4, 5];
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Typography.Text type="secondary">{t('customerValue.gridHint')}</Typography.Text>
      <table style={{ borderCollapse: 'separate', borderSpacing: 4, width: '100%' }} data-testid="value-grid">
        <tbody>
          {[...scores].reverse().map((f) => (
            <tr key={f}>
              <th scope="row" style={{ width: 40, fontWeight: 500, textAlign: 'right' }}>
                {t('customerValue.fScore', { score: f })}
              </th>
              {scores.map((m) => {
                const n = grid.find((c) => c.f === f && c.m === m)?.customers ?? 0;
                const alpha = n === 0 ? 0.04 : 0.12 + 0.6 * (n / most);
                return (
                  <td
                    key={m}
                    style={{
                      background: `rgba(22, 119, 255, ${alpha.toFixed(2)})`,
                      textAlign: 'center',
                      padding: '8px 4px',
                      borderRadius: 4,
                    }}
                    data-testid="value-grid-cell"
                    data-f={f}
                    data-m={m}
                    data-customers={n}
                  >
                    {n || ''}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <td />
            {scores.map((m) => (
              <th key={m} scope="col" style={{ fontWeight: 500 }}>
                {t('customerValue.mScore', { score: m })}
              </th>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The key-customer pyramid: each tier's customers and its share of the lifetime value, narrowest on top. */
function Pyramid({ dealer, onPick }: { dealer: ValueMix['dealers'][number]; onPick: (tier: CustomerTier) => void }) {
  const { t } = useTranslation();
  const value = dealer.pyramid.reduce((n, x) => n + x.lifetimeValueFen, 0);
  return (
    <div style={{ display: 'grid', gap: 4, justifyItems: 'center' }} data-testid="value-pyramid">
      {dealer.pyramid.map((x, i) => (
        <button
          key={x.tier}
          type="button"
          onClick={() => onPick(x.tier)}
          style={{
            width: `${40 + i * 20}%`,
            minWidth: 180,
            border: 'none',
            borderRadius: 4,
            background: TIER_COLORS[x.tier],
            color: '#fff',
            padding: '6px 8px',
            cursor: 'pointer',
            font: 'inherit',
          }}
          data-testid="value-pyramid-tier"
          data-tier={x.tier}
          data-customers={x.customers}
        >
          <strong>{t(`customerValue.tiers.${x.tier}`)}</strong> · {t('customerValue.customerCount', { count: x.customers })} ·{' '}
          {t('customerValue.valueShare', { share: value > 0 ? Math.round((x.lifetimeValueFen / value) * 1000) / 10 : 0 })}
        </button>
      ))}
      <Typography.Text type="secondary">{t('customerValue.pyramidHint')}</Typography.Text>
    </div>
  );
}

/** How many customers are high, medium and low on the retention priority; a click lists them, the highest first. */
function Priorities({ dealer, onPick }: { dealer: ValueMix['dealers'][number]; onPick: (level: RetentionPriority) => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <Space wrap size={8}>
        {dealer.priorities.map((p) => (
          <Button
            key={p.level}
            onClick={() => onPick(p.level)}
            data-testid="value-priority-level"
            data-level={p.level}
            data-customers={p.customers}
          >
            <PriorityTag level={p.level} score={p.customers} />
          </Button>
        ))}
      </Space>
      <Typography.Text type="secondary">{t('customerValue.priorityHint')}</Typography.Text>
    </div>
  );
}

/** A dealer's customer base: its segments, the 80/20 share, its retention. */
function DealerMix({ mix, onPick }: { mix: ValueMix; onPick: (changes: Partial<ValueFilter>) => void }) {
  const { t } = useTranslation();
  const d = mix.dealers[0];
  if (!d || d.customers === 0) return <Alert type="info" showIcon message={t('customerValue.noData')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Statistic title={t('customerValue.customers')} value={d.customers} data-testid="value-mix-customers" />
            <Statistic
              title={t('customerValue.retention')}
              value={percent(d.retention) ?? '—'}
              suffix={d.retention === null ? undefined : '%'}
              data-testid="value-mix-retention"
            />
            <Typography.Text type="secondary">{t('customerValue.retentionHint')}</Typography.Text>
            <Statistic
              title={t('customerValue.topFifth')}
              value={percent(d.topFifthShare) ?? '—'}
              suffix={d.topFifthShare === null ? undefined : '%'}
              data-testid="value-mix-top-fifth"
            />
            <Typography.Text type="secondary">
              {d.topFifthShare === null
                ? t('customerValue.topFifthNone')
                : t('customerValue.topFifthValue', { share: percent(d.topFifthShare) })}
            </Typography.Text>
            {d.computedOn && (
              <Typography.Text type="secondary">{t('customerValue.computedOn', { date: formatDate(d.computedOn) })}</Typography.Text>
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <div style={{ display: 'grid', gap: 16 }}>
          <Card title={t('customerValue.mixTitle')}>
            <SegmentBars dealer={d} onPick={(segment) => onPick({ segments: [segment], tiers: [], priority: undefined, sort: 'value' })} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={t('customerValue.pyramidTitle')} style={{ height: '100%' }}>
                <Pyramid dealer={d} onPick={(tier) => onPick({ tiers: [tier], segments: [], priority: undefined, sort: 'value' })} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('customerValue.priorityTitle')} style={{ height: '100%' }}>
                <Priorities dealer={d} onPick={(priority) => onPick({ priority, segments: [], tiers: [], sort: 'priority' })} />
              </Card>
            </Col>
          </Row>
          <Card title={t('customerValue.gridTitle')}>
            <ValueGrid grid={d.grid} />
          </Card>
        </div>
      </Col>
    </Row>
  );
}

/** The car maker's view: each dealer's segment mix, 80/20 share and retention side by side. */
function NetworkMix({ mix, onPickDealer }: { mix: ValueMix; onPickDealer: (dealerId: string) => void }) {
  const { t } = useTranslation();
  type Row = ValueMix['dealers'][number];
  const shareOf = (row: Row, segment: CustomerSegment) => {
    const n = row.segments.find((s) => s.segment === segment)?.customers ?? 0;
    return row.customers > 0 ? Math.round((n / row.customers) * 1000) / 10 : null;
  };
  // The share of the lifetime value held by the top two tiers (the top 20% of customers).
  const topTiersShare = (row: Row) => {
    const all = row.pyramid.reduce((n, x) => n + x.lifetimeValueFen, 0);
    const top = row.pyramid.filter((x) => x.tier === 'vip' || x.tier === 'key').reduce((n, x) => n + x.lifetimeValueFen, 0);
    return all > 0 ? Math.round((top / all) * 1000) / 10 : null;
  };
  const highOf = (row: Row) => row.priorities.find((p) => p.level === 'high')?.customers ?? 0;
  return (
    <Card title={t('customerValue.mixTitle')}>
      <Table<Row>
        size="small"
        rowKey={(r) => r.dealer.id}
        dataSource={mix.dealers}
        pagination={mix.dealers.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        onRow={(r) =>
          ({ onClick: () => onPickDealer(r.dealer.id), style: { cursor: 'pointer' }, 'data-testid': 'value-mix-dealer' }) as never
        }
        columns={[
          { title: t('customerValue.dealer'), key: 'dealer', fixed: 'left', render: (_, r) => r.dealer.name },
          {
            title: t('customerValue.customers'),
            dataIndex: 'customers',
            align: 'right',
            sorter: (a, b) => a.customers - b.customers,
          },
          {
            title: t('customerValue.retention'),
            key: 'retention',
            align: 'right',
            sorter: (a, b) => (a.retention ?? -1) - (b.retention ?? -1),
            render: (_, r) => (r.retention === null ? '—' : `${percent(r.retention)}%`),
          },
          {
            title: t('customerValue.topFifth'),
            key: 'top',
            align: 'right',
            sorter: (a, b) => (a.topFifthShare ?? -1) - (b.topFifthShare ?? -1),
            render: (_, r) => (r.topFifthShare === null ? '—' : `${percent(r.topFifthShare)}%`),
          },
          {
            title: t('customerValue.topTiersValue'),
            key: 'tiers',
            align: 'right',
            sorter: (a, b) => (topTiersShare(a) ?? -1) - (topTiersShare(b) ?? -1),
            render: (_, r) => {
              const share = topTiersShare(r);
              return share === null ? '—' : `${share}%`;
            },
          },
          {
            title: t('customerValue.highPriority'),
            key: 'high',
            align: 'right',
            sorter: (a, b) => highOf(a) - highOf(b),
            render: (_, r) => highOf(r),
          },
          ...CUSTOMER_SEGMENTS.map((segment) => ({
            title: t(`customerValue.segments.${segment}`),
            key: segment,
            align: 'right' as const,
            sorter: (a: Row, b: Row) => (shareOf(a, segment) ?? -1) - (shareOf(b, segment) ?? -1),
            render: (_: unknown, r: Row) => {
              const share = shareOf(r, segment);
              return share === null ? '—' : `${share}%`;
            },
          })),
        ]}
      />
    </Card>
  );
}

/** 生成回访清单: the filter's highest-value customers become care calls, with what was made and why not. */
function CallListButton({ filter, total }: { filter: ValueFilter; total: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState<number | null>(null);
  const [withPlan, setWithPlan] = useState(false);
  const [planTitle, setPlanTitle] = useState('');
  const [saving, setSaving] = useState(false);
  const count = Math.min(limit ?? Math.min(total, 100), total, MAX_CALL_LIST);

  async function make() {
    const input = {
      ...callListFilter(filter),
      limit: count,
      ...(withPlan && planTitle.trim() ? { planTitle: planTitle.trim() } : {}),
    };
    setSaving(true);
    try {
      const result = await customerValueApi.callList(input, idempotency.keyFor(input));
      idempotency.reset();
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['follow-up'] });
      void message.success({
        content: (
          <span data-testid="value-call-list-result" data-created={result.created} data-plan={result.planId ?? ''}>
            {t('customerValue.callListDone', { created: result.created })}
            {result.noConsent + result.alreadyOpen > 0 && ` · ${t('customerValue.callListSkipped', result)}`}
            {result.planId && ` · ${t('customerValue.planMade')}`}{' '}
            <Button type="link" size="small" onClick={() => void navigate('/follow-up?rule=value_care&scope=team&view=all')}>
              {t('customerValue.callListOpen')}
            </Button>
          </span>
        ),
        duration: 8,
      });
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button
        type="primary"
        size="large"
        icon={<PhoneOutlined />}
        disabled={!isNarrowed(filter) || total === 0}
        title={isNarrowed(filter) ? undefined : t('customerValue.pickSegment')}
        onClick={() => setOpen(true)}
        data-testid="value-call-list"
      >
        {t('customerValue.callList')}
      </Button>
      <Modal
        open={open}
        title={t('customerValue.callListTitle')}
        okText={t('customerValue.callListOk')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void make()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'value-call-list-ok' } as never}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {filter.segments.map((s) => (
              <SegmentTag key={s} segment={s} />
            ))}
            {filter.tiers.map((tier) => (
              <TierTag key={tier} tier={tier} />
            ))}
            {filter.priority && <Tag>{t('customerValue.priorityFilter', { level: t(`customerValue.priorities.${filter.priority}`) })}</Tag>}
          </Space>
          <Typography.Text>{t('customerValue.callListLimit')}</Typography.Text>
          <InputNumber<number>
            min={1}
            max={Math.min(total, MAX_CALL_LIST)}
            precision={0}
            value={count}
            onChange={(v) => setLimit(v)}
            style={{ width: 160 }}
            data-testid="value-call-list-limit"
          />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(filter.sort === 'priority' ? 'customerValue.callListBodyPriority' : 'customerValue.callListBody', { count })}
          </Typography.Paragraph>
          <Checkbox
            checked={withPlan}
            onChange={(e) => {
              setWithPlan(e.target.checked);
              if (e.target.checked && !planTitle)
                setPlanTitle(t('customerValue.planTitleDefault', { date: formatDate(dealerToday().format('YYYY-MM-DD')) }));
            }}
            data-testid="value-call-list-plan"
          >
            {t('customerValue.alsoPlan')}
          </Checkbox>
          {withPlan && (
            <Input
              value={planTitle}
              maxLength={100}
              onChange={(e) => setPlanTitle(e.target.value)}
              aria-label={t('customerValue.planTitle')}
              placeholder={t('customerValue.planTitle')}
              data-testid="value-call-list-plan-title"
            />
          )}
        </Space>
      </Modal>
    </>
  );
}

/** The customers of the filter, the highest lifetime value first. */
function ValueTable({
  data,
  offset,
  onOffset,
  showDealer,
}: {
  data: ValueList;
  offset: number;
  onOffset: (o: number) => void;
  showDealer: boolean;
}) {
  const { t } = useTranslation();
  type Item = ValueList['items'][number];
  return (
    <Table<Item>
      size="middle"
      rowKey={(r) => `${r.dealer.id}/${r.customer.id}`}
      dataSource={data.items}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('customerValue.empty') }}
      onRow={() => ({ 'data-testid': 'value-row' }) as never}
      pagination={{
        current: Math.floor(offset / VALUE_PAGE_SIZE) + 1,
        pageSize: VALUE_PAGE_SIZE,
        total: data.total,
        showSizeChanger: false,
        onChange: (page) => onOffset((page - 1) * VALUE_PAGE_SIZE),
      }}
      columns={[
        {
          title: t('customerValue.columns.customer'),
          key: 'customer',
          render: (_, r) => (
            <Space direction="vertical" size={0}>
              <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link>
              <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }}>
                {r.customer.mobile}
              </Typography.Text>
            </Space>
          ),
        },
        ...(showDealer ? [{ title: t('customerValue.dealer'), key: 'dealer', render: (_: unknown, r: Item) => r.dealer.name }] : []),
        { title: t('customerValue.columns.tier'), key: 'tier', render: (_, r) => <TierTag tier={r.tier} /> },
        { title: t('customerValue.columns.segment'), key: 'segment', render: (_, r) => <SegmentTag segment={r.segment} /> },
        {
          title: t('customerValue.columns.priority'),
          key: 'priority',
          render: (_, r) => <PriorityTag level={r.priorityLevel} score={r.priority} />,
        },
        { title: t('customerValue.columns.trend'), key: 'trend', render: (_, r) => <TrendTag trend={r.trend} /> },
        { title: t('customerValue.columns.lastVisit'), key: 'last', render: (_, r) => formatDate(r.lastVisitOn) },
        { title: t('customerValue.columns.revenue'), key: 'revenue', align: 'right', render: (_, r) => formatFen(r.revenueFen) },
        {
          title: t('customerValue.columns.value'),
          key: 'value',
          align: 'right',
          render: (_, r) => <Typography.Text strong>{formatFen(r.lifetimeValueFen)}</Typography.Text>,
        },
        {
          title: t('customerValue.columns.rfm'),
          key: 'rfm',
          render: (_, r) => <span className="sb-mono">{t('customerValue.rfmValue', r.scores)}</span>,
        },
      ]}
    />
  );
}

/** 客户价值: who carries the business, who is slipping away, and a call list made from them in one step. */
export function CustomerValuePage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const canCall = useCan('customer_value.manage') && !carMaker;
  const [filter, update] = useFilter();
  const [offset, setOffset] = useState(0);
  const mix = useValueMix(filter.dealerId);
  const list = useValueList(filter, offset);
  const change = (changes: Partial<ValueFilter>) => {
    setOffset(0);
    update(changes);
  };
  const cleared: Partial<ValueFilter> = { tiers: [], priority: undefined, sort: 'value', trend: undefined, minValueFen: undefined };
  const presets: { key: 'atRiskHigh' | 'champions' | 'lapsing' | 'keepFirst'; apply: Partial<ValueFilter> }[] = [
    { key: 'atRiskHigh', apply: { ...cleared, segments: ['at_risk'] } },
    { key: 'champions', apply: { ...cleared, segments: ['champions', 'loyal'] } },
    { key: 'lapsing', apply: { ...cleared, segments: ['hibernating', 'lost'] } },
    { key: 'keepFirst', apply: { ...cleared, segments: [], priority: 'high', sort: 'priority' } },
  ];

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="customer-value-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('customerValue.title')}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {carMaker && <NetworkDealerFilter value={filter.dealerId} onChange={(dealerId) => change({ dealerId })} />}
        {canCall && <ValueSettingsButtons />}
      </div>

      {mix.isPending ? (
        <PageSkeleton cards={1} />
      ) : mix.isError ? (
        <ErrorState error={mix.error} onRetry={() => void mix.refetch()} />
      ) : carMaker && !filter.dealerId ? (
        <NetworkMix mix={mix.data} onPickDealer={(dealerId) => change({ dealerId })} />
      ) : (
        <DealerMix mix={mix.data} onPick={change} />
      )}

      <Card
        title={t('customerValue.listTitle')}
        extra={canCall && <CallListButton filter={filter} total={list.data?.total ?? 0} />}
        styles={{ body: { display: 'grid', gap: 12 } }}
      >
        <Space wrap>
          {presets.map((p) => (
            <Button key={p.key} onClick={() => change(p.apply)} data-testid={`value-preset-${p.key}`}>
              {t(`customerValue.presets.${p.key}`)}
            </Button>
          ))}
        </Space>
        <Space wrap>
          <Select<CustomerSegment[]>
            mode="multiple"
            allowClear
            value={filter.segments}
            onChange={(segments) => change({ segments })}
            placeholder={t('customerValue.filterSegments')}
            options={CUSTOMER_SEGMENTS.map((s) => ({ value: s, label: t(`customerValue.segments.${s}`) }))}
            style={{ minWidth: 260 }}
            aria-label={t('customerValue.filterSegments')}
            data-testid="value-filter-segments"
          />
          <Select<ValueTrend>
            allowClear
            value={filter.trend}
            onChange={(trend) => change({ trend })}
            placeholder={t('customerValue.anyTrend')}
            options={VALUE_TRENDS.map((v) => ({ value: v, label: t(`customerValue.trends.${v}`) }))}
            style={{ minWidth: 130 }}
            aria-label={t('customerValue.filterTrend')}
            data-testid="value-filter-trend"
          />
          <Select<CustomerTier[]>
            mode="multiple"
            allowClear
            value={filter.tiers}
            onChange={(tiers) => change({ tiers })}
            placeholder={t('customerValue.filterTiers')}
            options={CUSTOMER_TIERS.map((v) => ({ value: v, label: t(`customerValue.tiers.${v}`) }))}
            style={{ minWidth: 180 }}
            aria-label={t('customerValue.filterTiers')}
            data-testid="value-filter-tiers"
          />
          <Select<RetentionPriority>
            allowClear
            value={filter.priority}
            onChange={(priority) => change({ priority })}
            placeholder={t('customerValue.anyPriority')}
            options={RETENTION_PRIORITIES.map((v) => ({ value: v, label: t(`customerValue.priorities.${v}`) }))}
            style={{ minWidth: 150 }}
            aria-label={t('customerValue.filterPriority')}
            data-testid="value-filter-priority"
          />
          <Select<'value' | 'priority'>
            value={filter.sort}
            onChange={(sort) => change({ sort })}
            options={(['value', 'priority'] as const).map((v) => ({ value: v, label: t(`customerValue.sort.${v}`) }))}
            style={{ minWidth: 170 }}
            aria-label={t('customerValue.sortLabel')}
            data-testid="value-sort"
          />
          <InputNumber<number>
            min={0}
            max={100_000_000}
            precision={0}
            value={filter.minValueFen ? filter.minValueFen / 100 : null}
            onChange={(v) => change({ minValueFen: v ? Math.round(v * 100) : undefined })}
            placeholder={t('customerValue.filterMinValue')}
            aria-label={t('customerValue.filterMinValue')}
            style={{ width: 200 }}
            data-testid="value-filter-min"
          />
        </Space>
        {list.isPending ? (
          <PageSkeleton cards={1} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.total === 0 && list.data.items.length === 0 ? (
          <EmptyState description={t('customerValue.empty')} />
        ) : (
          <>
            <Typography.Text type="secondary" data-testid="value-total" data-total={list.data.total}>
              {t(filter.sort === 'priority' ? 'customerValue.totalPriority' : 'customerValue.total', { count: list.data.total })}
            </Typography.Text>
            <ValueTable data={list.data} offset={offset} onOffset={setOffset} showDealer={carMaker && !filter.dealerId} />
          </>
        )}
      </Card>
    </div>
  );
}
