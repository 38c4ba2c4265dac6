import { BarChartOutlined, PlusOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { COMPLAINT_CATEGORIES } from '@servicebay/contracts/constants';
import { Badge, Button, Card, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type Complaint, type ComplaintCategory, useComplaints } from '../../api/complaints';
import { useDealers } from '../../api/network';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { useDebounced } from '../../components/useDebounced';
import { categoryText, DueCountdown, LevelTag, OverdueTag, SeverityTag, StatusTag, useNow } from './ComplaintTags';
import { INBOX_VIEWS, type InboxView } from './complaints';

/** 投诉处理: the cases I answer for, the team's, the overdue ones, the open and the closed ones. */
export function ComplaintInboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useUser();
  const carMaker = !user.dealer;
  const canRegister = useCan('complaint.register');
  const canNetwork = useCan('complaint.network');
  const canManage = useCan('complaint.manage');
  const canKpis = useCan('kpi.read');
  const [params, setParams] = useSearchParams();
  // Mine: the cases I own or handle, or that are escalated to my level. The car maker reads its whole
  // network (read-only unless its desk is involved), so it starts on every case.
  const defaultView: InboxView = carMaker ? 'all' : 'mine';
  const viewParam = params.get('view');
  const view: InboxView = (INBOX_VIEWS as readonly string[]).includes(viewParam ?? '') ? (viewParam as InboxView) : defaultView;
  const categoryParam = params.get('category');
  const category = (COMPLAINT_CATEGORIES as readonly string[]).includes(categoryParam ?? '')
    ? (categoryParam as ComplaintCategory)
    : undefined;
  const dealerId = carMaker ? (params.get('dealer') ?? undefined) : undefined;
  const region = carMaker ? (params.get('region') ?? undefined) : undefined;
  // The analysis opens the cases behind a figure with these (see the complaint KPI page).
  const figure = {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    saId: params.get('sa') ?? undefined,
    modelId: params.get('model') ?? undefined,
    customerId: params.get('customer') ?? undefined,
    preventable: params.get('preventable') === 'true' ? true : undefined,
  };
  const figureFiltered = Object.values(figure).some((v) => v !== undefined);
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  const list = useComplaints({ view, q: q || undefined, category, dealerId, region, ...figure });
  const dealers = useDealers(carMaker);
  const regions = [...new Set((dealers.data ?? []).flatMap((d) => (d.region ? [d.region] : [])))].sort();
  const now = useNow();

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || null });
  }, [q]); // only the debounced text writes the URL

  const counts = list.data?.counts;
  const viewLabel = (v: InboxView) => (
    <span data-testid={`complaint-view-${v}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      {t(`complaints.views.${v}`)}
      {v !== 'closed' && v !== 'all' && counts && (
        <Badge
          count={counts[v]}
          showZero
          overflowCount={999}
          color={v === 'overdue' && counts.overdue > 0 ? '#cf1322' : v === 'mine' ? '#1565c0' : '#8c8c8c'}
          data-testid={`complaint-count-${v}`}
        />
      )}
    </span>
  );

  // Two facts per cell keep the table readable on a 1024 px tablet without sideways scrolling.
  const columns = [
    {
      title: t('complaints.columns.number'),
      key: 'number',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <Typography.Link strong className="sb-mono" style={{ whiteSpace: 'nowrap' }} onClick={() => void navigate(`/complaints/${c.id}`)}>
            {c.number}
          </Typography.Link>
          {c.overdue && <OverdueTag />}
        </div>
      ),
    },
    {
      title: t('complaints.columns.receivedAt'),
      key: 'receivedAt',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 2 }}>
          <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(c.receivedAt)}</span>
          {carMaker && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="complaint-row-dealer">
              {c.dealer.name}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: `${t('complaints.columns.customer')} / ${t('complaints.columns.plate')}`,
      key: 'customer',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <Typography.Text strong data-testid="complaint-customer">
            {c.customer.name}
          </Typography.Text>
          {c.vehicle && <PlateTag plate={c.vehicle.plate} size="small" showKindTag={false} />}
        </div>
      ),
    },
    {
      title: `${t('complaints.columns.category')} / ${t('complaints.columns.severity')}`,
      key: 'category',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start', minWidth: 110 }}>
          {categoryText(c.category, c.subcategory) ?? <Typography.Text type="secondary">{t('complaints.unclassified')}</Typography.Text>}
          <SeverityTag severity={c.severity} escalatedTo={c.escalatedTo} />
        </div>
      ),
    },
    {
      title: `${t('complaints.columns.status')} / ${t('complaints.columns.level')}`,
      key: 'status',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 4, justifyItems: 'start' }}>
          <StatusTag status={c.status} testId="complaint-row-status" />
          <LevelTag level={c.level} hideBase />
        </div>
      ),
    },
    {
      title: `${t('complaints.columns.handler')} / ${t('complaints.columns.owner')}`,
      key: 'people',
      render: (_: unknown, c: Complaint) => (
        <div style={{ display: 'grid', gap: 2 }}>
          <span data-testid="complaint-row-handler">
            {c.handler?.name ?? <Typography.Text type="warning">{t('complaints.noHandler')}</Typography.Text>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="complaint-row-owner">
            {t('complaints.labelled', { label: t('complaints.columns.owner') })}
            {c.owner?.name ?? t('common.none')}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('complaints.columns.due'),
      key: 'due',
      render: (_: unknown, c: Complaint) => <DueCountdown complaint={c} now={now} showStep testId="complaint-row-due" />,
    },
  ];

  let body: ReactNode;
  if (list.isPending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0)
    body = (
      <div style={{ padding: 32 }}>
        <EmptyState
          description={
            q || category || dealerId || region || figureFiltered ? t('complaints.emptyFiltered') : t(`complaints.empty.${view}`)
          }
        >
          {view === 'mine' && <Button onClick={() => update({ view: 'team' })}>{t('complaints.showTeam')}</Button>}
        </EmptyState>
      </div>
    );
  else
    body = (
      <Table<Complaint>
        rowKey="id"
        size="middle"
        dataSource={list.data.items}
        columns={columns}
        pagination={list.data.items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
        rowClassName={(c) => (c.overdue ? 'sb-complaint-overdue' : '')}
        onRow={(c) =>
          ({
            'data-testid': 'complaint-row',
            'data-id': c.id,
            'data-number': c.number,
            'data-overdue': c.overdue,
            'data-status': c.status,
            style: { cursor: 'pointer' },
            onClick: (event) => {
              if ((event.target as HTMLElement).closest('a, button')) return;
              void navigate(`/complaints/${c.id}`);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        data-testid="complaint-table"
      />
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="complaint-inbox">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('complaints.title')}
        </Typography.Title>
        <Space wrap>
          {(canKpis || canManage || carMaker) && (
            <Button icon={<BarChartOutlined />} onClick={() => void navigate('/kpis/complaints')} data-testid="complaint-analysis-link">
              {t('complaints.analysis')}
            </Button>
          )}
          {canManage && !carMaker && (
            <Button
              icon={<SettingOutlined />}
              onClick={() => void navigate('/settings/appointments#complaint-settings')}
              data-testid="complaint-settings-link"
            >
              {t('complaints.settingsLink')}
            </Button>
          )}
          {(carMaker ? canNetwork : canRegister) && (
            <Button
              type="primary"
              size="large"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/complaints/new')}
              data-testid="complaint-new"
            >
              {carMaker ? t('complaints.newForDealer') : t('complaints.new')}
            </Button>
          )}
        </Space>
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', padding: 12 }}>
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Segmented<InboxView>
              size="large"
              value={view}
              onChange={(v) => update({ view: v === defaultView ? null : v })}
              options={INBOX_VIEWS.map((v) => ({ value: v, label: viewLabel(v) }))}
              data-testid="complaint-views"
            />
          </div>
          <div style={{ flex: 1 }} />
          <Space wrap>
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('complaints.searchPlaceholder')}
              style={{ width: 240 }}
              aria-label={t('complaints.searchPlaceholder')}
              data-testid="complaint-search"
            />
            <Select<ComplaintCategory>
              allowClear
              value={category}
              placeholder={t('complaints.allCategories')}
              onChange={(value) => update({ category: value ?? null })}
              options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`complaints.categories.${c}`) }))}
              style={{ minWidth: 150 }}
              aria-label={t('complaints.columns.category')}
              data-testid="complaint-category-filter"
            />
            {carMaker && (
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={dealerId}
                placeholder={t('complaints.allDealers')}
                loading={dealers.isPending}
                onChange={(value) => update({ dealer: value ?? null })}
                options={(dealers.data ?? []).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
                style={{ minWidth: 200 }}
                aria-label={t('complaints.columns.dealer')}
                data-testid="complaint-dealer-filter"
              />
            )}
            {carMaker && regions.length > 0 && (
              <Select<string>
                allowClear
                value={region}
                placeholder={t('complaints.allRegions')}
                onChange={(value) => update({ region: value ?? null })}
                options={regions.map((r) => ({ value: r, label: r }))}
                style={{ minWidth: 130 }}
                aria-label={t('complaints.allRegions')}
                data-testid="complaint-region-filter"
              />
            )}
            {figureFiltered && (
              <Tag
                closable
                onClose={() => update({ from: null, to: null, sa: null, model: null, customer: null, preventable: null })}
                closeIcon={<span title={t('complaints.clearFigureFilter')}>×</span>}
                data-testid="complaint-figure-filter"
              >
                {figure.from && figure.to
                  ? t('complaints.figureFilter', { from: figure.from, to: figure.to })
                  : t('complaints.clearFigureFilter')}
              </Tag>
            )}
            <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
          </Space>
        </div>
        {body}
      </Card>
    </div>
  );
}
