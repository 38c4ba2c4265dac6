import { EditOutlined, WarningOutlined } from '@ant-design/icons';
import { costBudgetInputSchema } from '@servicebay/contracts';
import type { BudgetStanding, CostCategory } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Modal, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { type CostFigures, type CostOverview, type CostRange, costApi, costKeys, useCostOverview } from '../../api/costs';
import { applyProblemToForm } from '../../api/problems';
import { useCan } from '../../app/session';
import { dealerToday } from '../../components/DateText';
import { zodRule } from '../../components/form/zodRule';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { YuanInput } from '../../components/YuanInput';

const STANDING_COLORS: Record<BudgetStanding, string> = { within: 'green', near: 'gold', over: 'red', unbudgeted: 'default' };
type DealerCosts = CostOverview['dealers'][number];
type CategoryCosts = DealerCosts['categories'][number];
type MonthCosts = CategoryCosts['months'][number];
type Editing = { category: CostCategory; month: MonthCosts };
type Row = CostFigures & { key: CostCategory | 'total'; months: MonthCosts[] };

const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen));

function StandingTag({ standing }: { standing: BudgetStanding }) {
  const { t } = useTranslation();
  return (
    <Tag color={STANDING_COLORS[standing]} style={{ marginInlineEnd: 0 }} data-testid="cost-standing" data-standing={standing}>
      {t(`costBudget.standings.${standing}`)}
    </Tag>
  );
}

function UsedBar({ figures }: { figures: CostFigures }) {
  if (figures.usedShare === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const percent = Math.round(figures.usedShare * 100);
  return (
    <Progress
      percent={Math.min(percent, 100)}
      format={() => `${percent}%`}
      status={figures.standing === 'over' ? 'exception' : 'normal'}
      strokeColor={figures.standing === 'near' ? '#faad14' : undefined}
      size="small"
      style={{ minWidth: 110, margin: 0 }}
    />
  );
}

/** 设置预算: one month's budget of a category, in yuan. */
function BudgetModal({ editing, onClose }: { editing: Editing | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ budgetYuan: number | null }>();
  const [saving, setSaving] = useState(false);

  async function submit({ budgetYuan }: { budgetYuan: number | null }) {
    if (!editing) return;
    setSaving(true);
    try {
      await costApi.setBudget({
        category: editing.category,
        month: editing.month.month,
        budgetFen: Math.round((budgetYuan ?? 0) * 100),
        ...(editing.month.version !== null ? { version: editing.month.version } : {}),
      });
      void message.success(t('costBudget.saved'));
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('costBudget.conflict'));
        onClose();
      } else for (const text of applyProblemToForm(form, error, { budgetFen: 'budgetYuan' })) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: costKeys.all });
    }
  }

  return (
    <Modal
      open={!!editing}
      title={
        editing
          ? t('costBudget.setBudgetTitle', { category: t(`costBudget.categories.${editing.category}`), month: editing.month.month })
          : ''
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ budgetYuan: editing?.month.budgetFen === null || !editing ? null : editing.month.budgetFen / 100 }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="budgetYuan"
          label={t('costBudget.budgetYuan')}
          required
          rules={[
            zodRule(costBudgetInputSchema.shape.budgetFen, {
              label: t('costBudget.budgetYuan'),
              toInput: (v) => (typeof v === 'number' ? Math.round(v * 100) : undefined),
            }),
          ]}
          extra={editing ? t(`costBudget.sources.${editing.category}`) : null}
        >
          <YuanInput autoFocus data-testid="cost-budget-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DealerCostsCard({
  dealer,
  showName,
  canManage,
  onEdit,
}: {
  dealer: DealerCosts;
  showName: boolean;
  canManage: boolean;
  onEdit: (e: Editing) => void;
}) {
  const { t } = useTranslation();
  const over = dealer.categories.filter((c) => c.standing === 'over');
  const near = dealer.categories.filter((c) => c.standing === 'near');
  const names = (list: CategoryCosts[]) => list.map((c) => t(`costBudget.categories.${c.category}`)).join('、');
  const rows = [
    ...dealer.categories.map((c) => ({ key: c.category, ...c })),
    { key: 'total' as const, ...dealer.total, months: [] as MonthCosts[] },
  ];

  return (
    <Card title={showName ? dealer.dealer.name : undefined} data-testid="cost-dealer" styles={{ body: { display: 'grid', gap: 12 } }}>
      {over.length > 0 && (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          message={t('costBudget.overWarning', { count: over.length, categories: names(over) })}
          data-testid="cost-over-warning"
        />
      )}
      {near.length > 0 && (
        <Alert type="warning" showIcon message={t('costBudget.nearWarning', { count: near.length, categories: names(near) })} />
      )}
      <Table<Row>
        size="middle"
        pagination={false}
        scroll={{ x: 720 }}
        dataSource={rows}
        rowClassName={(r) => (r.key === 'total' ? 'ant-table-row-total' : '')}
        expandable={{
          rowExpandable: (r) => r.key !== 'total' && r.months.length > 1,
          expandedRowRender: (r) => (
            <MonthsTable category={r.key as CostCategory} months={r.months} canManage={canManage} onEdit={onEdit} />
          ),
        }}
        columns={[
          {
            title: t('costBudget.columns.category'),
            dataIndex: 'key',
            render: (key: Row['key']) =>
              key === 'total' ? (
                <strong>{t('costBudget.total')}</strong>
              ) : (
                <Tooltip title={t(`costBudget.sources.${key}`)}>
                  <span data-testid={`cost-category-${key}`}>{t(`costBudget.categories.${key}`)}</span>
                </Tooltip>
              ),
          },
          { title: t('costBudget.columns.budget'), dataIndex: 'budgetFen', align: 'right', render: money },
          {
            title: t('costBudget.columns.actual'),
            dataIndex: 'actualFen',
            align: 'right',
            render: (fen: number | null) =>
              fen === null ? <Typography.Text type="secondary">{t('costBudget.noRecord')}</Typography.Text> : formatFen(fen),
          },
          {
            title: t('costBudget.columns.variance'),
            dataIndex: 'varianceFen',
            align: 'right',
            render: (fen: number | null) =>
              fen === null ? (
                '—'
              ) : (
                <Typography.Text type={fen > 0 ? 'danger' : undefined}>{(fen > 0 ? '+' : '') + formatFen(fen)}</Typography.Text>
              ),
          },
          { title: t('costBudget.columns.used'), key: 'used', render: (_: unknown, r: Row) => <UsedBar figures={r} /> },
          { title: t('costBudget.columns.standing'), dataIndex: 'standing', render: (s: BudgetStanding) => <StandingTag standing={s} /> },
          ...(canManage
            ? [
                {
                  key: 'edit',
                  render: (_: unknown, r: Row) =>
                    r.key !== 'total' && r.months.length === 1 ? (
                      <Button
                        icon={<EditOutlined />}
                        onClick={() => onEdit({ category: r.key as CostCategory, month: r.months[0]! })}
                        data-testid={`cost-edit-${r.key}`}
                      >
                        {t('costBudget.setBudget')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function MonthsTable({
  category,
  months,
  canManage,
  onEdit,
}: {
  category: CostCategory;
  months: MonthCosts[];
  canManage: boolean;
  onEdit: (e: Editing) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="month"
      dataSource={months}
      columns={[
        { title: t('costBudget.columns.month'), dataIndex: 'month' },
        { title: t('costBudget.columns.budget'), dataIndex: 'budgetFen', align: 'right', render: money },
        { title: t('costBudget.columns.actual'), dataIndex: 'actualFen', align: 'right', render: money },
        { title: t('costBudget.columns.variance'), dataIndex: 'varianceFen', align: 'right', render: money },
        { title: t('costBudget.columns.standing'), dataIndex: 'standing', render: (s: BudgetStanding) => <StandingTag standing={s} /> },
        ...(canManage
          ? [
              {
                key: 'edit',
                render: (_: unknown, m: MonthCosts) => (
                  <Button size="small" icon={<EditOutlined />} onClick={() => onEdit({ category, month: m })}>
                    {t('costBudget.setBudget')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** 服务成本管理: each cost category's budget beside what was spent, by month; the car maker by dealer. */
export function CostBudgetsPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const canManage = useCan('cost.manage') && !carMaker;
  const month = dealerToday().startOf('month');
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([month, month]);
  const [dealerId, setDealerId] = useState<string | undefined>();
  const [editing, setEditing] = useState<Editing | null>(null);
  const range: CostRange = { from: period[0].format('YYYY-MM'), to: period[1].format('YYYY-MM'), ...(dealerId ? { dealerId } : {}) };
  const overview = useCostOverview(range);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="cost-budgets-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('costBudget.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{carMaker ? t('costBudget.networkHint') : t('costBudget.subtitle')}</Typography.Text>
      </div>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap size={12}>
          <span>{t('costBudget.range')}</span>
          <DatePicker.RangePicker
            picker="month"
            size="large"
            allowClear={false}
            inputReadOnly
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
            disabledDate={(d) => d.isAfter(month.add(24, 'month')) || d.isBefore(month.subtract(24, 'month'))}
            data-testid="cost-period"
          />
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
        </Space>
      </Card>
      {overview.isPending ? (
        <PageSkeleton cards={2} />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : overview.data.dealers.length === 0 ? (
        <Card>
          <EmptyState description={t('costBudget.empty')} />
        </Card>
      ) : (
        overview.data.dealers.map((dealer) => (
          <DealerCostsCard key={dealer.dealer.id} dealer={dealer} showName={carMaker} canManage={canManage} onEdit={setEditing} />
        ))
      )}
      <BudgetModal editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
