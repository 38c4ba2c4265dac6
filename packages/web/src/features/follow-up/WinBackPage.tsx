import { EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { winBackUpdateSchema } from '@servicebay/contracts';
import { WIN_BACK_RESULTS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isVersionConflict } from '../../api/appointments';
import { followUpApi, followUpKeys, useWinBack, type WinBackCase, type WinBackResult } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { formatDate } from '../../components/DateText';
import { FormDrawer } from '../../components/FormDrawer';
import { zodRule } from '../../components/form/zodRule';
import { MobileText } from '../../components/MobileText';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { FollowUpNav } from './FollowUpNav';
import { winBackTotals, yuanToFen } from './followUp';

const RESULT_COLORS: Record<WinBackResult, string> = { pending: 'processing', won_back: 'success', lost: 'default' };
const shape = winBackUpdateSchema.shape;
type Filter = WinBackResult | 'all';
type Values = { reason: string; reasonSuspected: boolean; action: string; costYuan: number | null; result: WinBackResult };

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

function WinBackDrawer({ item, onClose }: { item: WinBackCase | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (item)
      form.setFieldsValue({
        reason: item.reason ?? '',
        reasonSuspected: item.reasonSuspected,
        action: item.action ?? '',
        costYuan: item.costFen / 100,
        result: item.result,
      });
  }, [item, form]);

  async function submit(values: Values) {
    if (!item) return;
    setSaving(true);
    try {
      await followUpApi.updateWinBack(item.id, {
        version: item.version,
        reason: blankToNull(values.reason),
        reasonSuspected: values.reasonSuspected,
        action: blankToNull(values.action),
        costFen: yuanToFen(values.costYuan),
        result: values.result,
      });
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: followUpKeys.winBackAll });
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('winBack.conflict'));
        void queryClient.invalidateQueries({ queryKey: followUpKeys.winBackAll });
        onClose();
        return;
      }
      for (const text of applyProblemToForm(form, error, { costFen: 'costYuan' })) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormDrawer
      open={!!item}
      title={item ? t('winBack.editTitle', { name: item.customer.name }) : ''}
      form={form}
      saving={saving}
      onClose={onClose}
      data-testid="win-back-drawer"
    >
      {item && (
        <Form<Values>
          form={form}
          layout="vertical"
          scrollToFirstError
          onFinish={(v) => void submit(v)}
          onFinishFailed={() => void message.error(t('form.fixErrors'))}
        >
          <Space wrap style={{ marginBottom: 16 }}>
            {item.vehicle && <PlateTag plate={item.vehicle.plate} />}
            <Typography.Text type="secondary">
              {t('winBack.lastVisitIs', { date: formatDate(item.lastVisitOn) ?? t('common.none') })}
            </Typography.Text>
            {item.daysOverdue !== null && <Tag color="volcano">{t('winBack.daysOverdueValue', { count: item.daysOverdue })}</Tag>}
          </Space>
          <Form.Item name="reason" label={t('winBack.reason')} rules={[zodRule(shape.reason, { toInput: blankToNull })]}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={500}
              showCount
              placeholder={t('winBack.reasonPlaceholder')}
              data-testid="win-back-reason"
            />
          </Form.Item>
          <Form.Item name="reasonSuspected" valuePropName="checked" extra={t('winBack.suspectedHint')}>
            <Checkbox data-testid="win-back-suspected">{t('winBack.reasonSuspected')}</Checkbox>
          </Form.Item>
          <Form.Item name="action" label={t('winBack.action')} rules={[zodRule(shape.action, { toInput: blankToNull })]}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={500}
              showCount
              placeholder={t('winBack.actionPlaceholder')}
              data-testid="win-back-action"
            />
          </Form.Item>
          <Form.Item
            name="costYuan"
            label={t('winBack.cost')}
            rules={[zodRule(shape.costFen, { label: t('winBack.cost'), toInput: (v) => yuanToFen(v as number | null) })]}
          >
            <InputNumber<number>
              min={0}
              max={1_000_000}
              precision={2}
              prefix="¥"
              size="large"
              style={{ width: '100%' }}
              data-testid="win-back-cost"
            />
          </Form.Item>
          <Form.Item name="result" label={t('winBack.result')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              size="large"
              options={WIN_BACK_RESULTS.map((r) => ({ value: r, label: t(`winBack.results.${r}`) }))}
              data-testid="win-back-result"
            />
          </Form.Item>
        </Form>
      )}
    </FormDrawer>
  );
}

/** 客户挽留及召回: lost and at-risk customers, why, what was done, what it cost and whether they came back. */
export function WinBackPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('pending');
  const all = useWinBack(null);
  const list = useWinBack(filter === 'all' ? null : filter);
  const totals = useMemo(() => winBackTotals(all.data ?? []), [all.data]);
  const [editing, setEditing] = useState<WinBackCase | null>(null);
  const none = t('common.none');

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="win-back-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('winBack.title')}
        </Typography.Title>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <FollowUpNav />
        </div>
      </div>
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))' }}>
        <Card size="small">
          <Statistic title={t('winBack.totals.cases')} value={totals.cases} loading={all.isPending} data-testid="win-back-cases" />
        </Card>
        <Card size="small">
          <Statistic title={t('winBack.totals.pending')} value={totals.pending} loading={all.isPending} />
        </Card>
        <Card size="small">
          <Statistic
            title={t('winBack.totals.wonBack')}
            value={totals.wonBack}
            loading={all.isPending}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="win-back-won"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {totals.wonBackRate === null ? t('winBack.totals.noDecided') : t('winBack.totals.wonBackRate', { rate: totals.wonBackRate })}
          </Typography.Text>
        </Card>
        <Card size="small">
          <Statistic
            title={t('winBack.totals.cost')}
            value={formatFen(totals.costFen)}
            loading={all.isPending}
            data-testid="win-back-cost-total"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {totals.wonBack > 0
              ? t('winBack.totals.costPerWin', { cost: formatFen(Math.round(totals.costFen / totals.wonBack)) })
              : t('winBack.totals.costHint')}
          </Typography.Text>
        </Card>
      </div>
      <Card
        title={
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['pending', 'won_back', 'lost', 'all'] as const).map((f) => ({
              value: f,
              label: f === 'all' ? t('winBack.all') : t(`winBack.results.${f}`),
            }))}
            data-testid="win-back-filter"
          />
        }
        styles={{ body: { padding: 0 } }}
      >
        {list.isPending ? (
          <div style={{ padding: 16 }}>
            <PageSkeleton cards={1} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <div style={{ padding: 32 }}>
            <EmptyState description={t('winBack.empty')} />
          </div>
        ) : (
          <Table<WinBackCase>
            rowKey="id"
            dataSource={list.data}
            pagination={list.data.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="win-back-table"
            onRow={(item) =>
              ({ onDoubleClick: () => setEditing(item), 'data-testid': 'win-back-row', 'data-id': item.id }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: t('winBack.customer'),
                key: 'customer',
                render: (_, item) => (
                  <div style={{ display: 'grid', gap: 2 }}>
                    <Link to={`/customers/${item.customer.id}`}>{item.customer.name}</Link>
                    <MobileText mobile={item.customer.mobile} revealable />
                  </div>
                ),
              },
              {
                title: t('winBack.plate'),
                key: 'plate',
                render: (_, item) =>
                  item.vehicle ? (
                    <Link to={`/vehicles/${item.vehicle.id}`}>
                      <PlateTag plate={item.vehicle.plate} size="small" />
                    </Link>
                  ) : (
                    none
                  ),
              },
              {
                title: t('winBack.lastVisitOn'),
                dataIndex: 'lastVisitOn',
                render: (v: string | null) => formatDate(v) ?? none,
                sorter: (a, b) => (a.lastVisitOn ?? '').localeCompare(b.lastVisitOn ?? ''),
              },
              {
                title: t('winBack.daysOverdue'),
                dataIndex: 'daysOverdue',
                align: 'right',
                defaultSortOrder: 'descend',
                sorter: (a, b) => (a.daysOverdue ?? -1) - (b.daysOverdue ?? -1),
                render: (v: number | null) =>
                  v === null ? (
                    none
                  ) : (
                    <Typography.Text type={v > 90 ? 'danger' : undefined}>{t('winBack.daysValue', { count: v })}</Typography.Text>
                  ),
              },
              {
                title: t('winBack.reason'),
                key: 'reason',
                render: (_, item) => (
                  <Space size={4} wrap style={{ maxWidth: 260 }}>
                    {item.reason ? (
                      <Typography.Text ellipsis={{ tooltip: item.reason }} style={{ maxWidth: 200 }}>
                        {item.reason}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">{t('winBack.noReason')}</Typography.Text>
                    )}
                    {item.reasonSuspected && <Tag color="orange">{t('winBack.suspected')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('winBack.action'),
                dataIndex: 'action',
                render: (v: string | null) =>
                  v ? (
                    <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 220 }}>
                      {v}
                    </Typography.Text>
                  ) : (
                    none
                  ),
              },
              {
                title: t('winBack.cost'),
                dataIndex: 'costFen',
                align: 'right',
                render: (v: number) => formatFen(v),
                sorter: (a, b) => a.costFen - b.costFen,
              },
              {
                title: t('winBack.result'),
                key: 'result',
                render: (_, item) => (
                  <Space size={4} wrap>
                    <Tag color={RESULT_COLORS[item.result]} data-testid="win-back-result-tag">
                      {t(`winBack.results.${item.result}`)}
                    </Tag>
                    {item.resultOn && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDate(item.resultOn)}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, item) => (
                  <Space size={4}>
                    {item.taskId && (
                      <Tooltip title={t('winBack.openCall')}>
                        <Link to={`/follow-up/${item.taskId}`}>
                          <Button icon={<PhoneOutlined />} aria-label={t('winBack.openCall')} />
                        </Link>
                      </Tooltip>
                    )}
                    <Button icon={<EditOutlined />} onClick={() => setEditing(item)} data-testid="win-back-edit">
                      {t('common.edit')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <WinBackDrawer item={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
