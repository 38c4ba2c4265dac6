import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { type WorkPlanInput, workPlanActualSchema, workPlanInputSchema } from '@servicebay/contracts';
import { CARE_RULES, WORK_PLAN_KINDS, WORK_PLAN_METRICS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { followUpApi, followUpKeys, useWorkPlans, type WorkPlan } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDate } from '../../components/DateText';
import { dealerDate } from '../../components/dealerTime';
import { FormDrawer } from '../../components/FormDrawer';
import { toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { YuanInput } from '../../components/YuanInput';
import { FollowUpNav } from './FollowUpNav';
import { RuleTag } from './FollowUpTags';
import { planProgress, STANDING_COLORS } from './followUp';

type Kind = WorkPlan['kind'];
type Metric = WorkPlan['metric'];
type Values = {
  kind: Kind;
  title: string;
  period: [Dayjs, Dayjs] | null;
  method: string;
  content: string;
  purpose: string;
  targetCount: number | null;
  minimumCount: number | null;
  metric: Metric;
  rule: WorkPlan['rule'] | undefined;
  participants: string;
  plannedCostYuan: number | null;
  revenueTargetYuan: number | null;
};

const shape = workPlanInputSchema.shape;
const KIND_COLORS: Record<Kind, string> = { follow_up: 'blue', activity: 'purple', service: 'cyan' };
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const yuanToFen = (yuan: number | null | undefined) => (yuan == null ? null : Math.round(yuan * 100));

function toInput(v: Values): WorkPlanInput {
  return {
    kind: v.kind,
    title: (v.title ?? '').trim(),
    periodFrom: toIsoDate(v.period?.[0]) ?? '',
    periodTo: toIsoDate(v.period?.[1]) ?? '',
    method: blankToNull(v.method),
    content: blankToNull(v.content),
    purpose: blankToNull(v.purpose),
    targetCount: v.targetCount ?? (undefined as unknown as number),
    minimumCount: v.minimumCount ?? (undefined as unknown as number),
    metric: v.metric,
    rule: v.metric === 'follow_up_calls' ? (v.rule ?? null) : null,
    ...(v.kind === 'activity' ? { participants: blankToNull(v.participants), plannedCostFen: yuanToFen(v.plannedCostYuan) } : {}),
    ...(v.kind === 'service' ? { revenueTargetFen: yuanToFen(v.revenueTargetYuan) } : {}),
  };
}

function PlanDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const metric = Form.useWatch('metric', form);
  const kind = Form.useWatch('kind', form);

  async function submit(values: Values) {
    const input = toInput(values);
    const labels = {
      title: t('workPlan.fields.title'),
      targetCount: t('workPlan.fields.targetCount'),
      minimumCount: t('workPlan.fields.minimumCount'),
      periodFrom: t('workPlan.fields.period'),
      periodTo: t('workPlan.fields.period'),
      plannedCostFen: t('workPlan.fields.plannedCost'),
      revenueTargetFen: t('workPlan.fields.revenueTarget'),
    };
    const aliases = { periodFrom: 'period', periodTo: 'period', plannedCostFen: 'plannedCostYuan', revenueTargetFen: 'revenueTargetYuan' };
    if (applyZodErrors(form, workPlanInputSchema, input, { labels, aliases })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const saved = await followUpApi.createPlan(input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('workPlan.created', { title: saved.title }));
      void queryClient.invalidateQueries({ queryKey: followUpKeys.plans });
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error, aliases)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const month = dayjs(dealerDate(0));
  return (
    <FormDrawer open={open} title={t('workPlan.new')} form={form} saving={saving} onClose={onClose} data-testid="work-plan-drawer">
      <Form<Values>
        form={form}
        layout="vertical"
        scrollToFirstError
        initialValues={{
          kind: 'follow_up',
          metric: 'follow_up_calls',
          period: [month.startOf('month'), month.endOf('month').startOf('day')],
          title: '',
          method: '',
          content: '',
          purpose: '',
          targetCount: null,
          minimumCount: null,
          participants: '',
          plannedCostYuan: null,
          revenueTargetYuan: null,
        }}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Form.Item name="kind" label={t('workPlan.fields.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            options={WORK_PLAN_KINDS.map((k) => ({ value: k, label: t(`workPlan.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('workPlan.fields.title')}
          required
          rules={[zodRule(shape.title, { label: t('workPlan.fields.title'), toInput: (v) => (typeof v === 'string' ? v.trim() : '') })]}
        >
          <Input size="large" maxLength={100} placeholder={t('workPlan.titlePlaceholder')} data-testid="work-plan-title" />
        </Form.Item>
        <Form.Item name="period" label={t('workPlan.fields.period')} required>
          <DatePicker.RangePicker size="large" inputReadOnly allowClear={false} style={{ width: '100%' }} data-testid="work-plan-period" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              name="targetCount"
              label={t('workPlan.fields.targetCount')}
              required
              rules={[zodRule(shape.targetCount, { label: t('workPlan.fields.targetCount'), toInput: (v) => v ?? undefined })]}
            >
              <InputNumber<number> size="large" min={1} precision={0} style={{ width: '100%' }} data-testid="work-plan-target" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="minimumCount"
              label={t('workPlan.fields.minimumCount')}
              required
              rules={[zodRule(shape.minimumCount, { label: t('workPlan.fields.minimumCount'), toInput: (v) => v ?? undefined })]}
            >
              <InputNumber<number> size="large" min={0} precision={0} style={{ width: '100%' }} data-testid="work-plan-minimum" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="metric" label={t('workPlan.fields.metric')} extra={t(`workPlan.metricHints.${metric ?? 'follow_up_calls'}`)}>
          <Select
            size="large"
            options={WORK_PLAN_METRICS.map((m) => ({ value: m, label: t(`workPlan.metrics.${m}`) }))}
            data-testid="work-plan-metric"
          />
        </Form.Item>
        {metric === 'follow_up_calls' && (
          <Form.Item name="rule" label={t('workPlan.fields.rule')}>
            <Select
              allowClear
              size="large"
              placeholder={t('followUp.allRules')}
              options={CARE_RULES.map((r) => ({ value: r, label: t(`followUp.rules.${r}`) }))}
              data-testid="work-plan-rule"
            />
          </Form.Item>
        )}
        {kind === 'activity' && (
          <>
            <Form.Item
              name="participants"
              label={t('workPlan.fields.participants')}
              rules={[zodRule(shape.participants, { toInput: blankToNull })]}
            >
              <Input maxLength={500} placeholder={t('workPlan.participantsPlaceholder')} data-testid="work-plan-participants" />
            </Form.Item>
            <Form.Item name="plannedCostYuan" label={t('workPlan.fields.plannedCost')} extra={t('workPlan.costHint')}>
              <YuanInput data-testid="work-plan-planned-cost" />
            </Form.Item>
          </>
        )}
        {kind === 'service' && (
          <Form.Item name="revenueTargetYuan" label={t('workPlan.fields.revenueTarget')} extra={t('workPlan.revenueHint')}>
            <YuanInput data-testid="work-plan-revenue-target" />
          </Form.Item>
        )}
        <Form.Item name="method" label={t('workPlan.fields.method')} rules={[zodRule(shape.method, { toInput: blankToNull })]}>
          <Input maxLength={200} placeholder={t('workPlan.methodPlaceholder')} />
        </Form.Item>
        <Form.Item name="content" label={t('workPlan.fields.content')} rules={[zodRule(shape.content, { toInput: blankToNull })]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="purpose" label={t('workPlan.fields.purpose')} rules={[zodRule(shape.purpose, { toInput: blankToNull })]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

type ActualValues = { actualCount: number | null; actualCostYuan: number | null };

/** 更新实际数: the actual figure of a plan counted by hand, and what an activity cost. */
function ActualModal({ plan, onClose }: { plan: WorkPlan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActualValues>();
  const [saving, setSaving] = useState(false);
  const counted = plan?.metric === 'manual';
  const costed = plan?.kind === 'activity';

  useEffect(() => {
    if (plan)
      form.setFieldsValue({
        actualCount: plan.actualCount,
        actualCostYuan: plan.actualCostFen === null ? null : plan.actualCostFen / 100,
      });
  }, [plan, form]);

  async function submit(values: ActualValues) {
    if (!plan) return;
    const cost = yuanToFen(values.actualCostYuan);
    setSaving(true);
    try {
      await followUpApi.setPlanActual(plan.id, {
        version: plan.version,
        ...(counted ? { actualCount: values.actualCount ?? 0 } : {}),
        ...(costed && cost !== null ? { actualCostFen: cost } : {}),
      });
      void message.success(t('common.saved'));
      onClose();
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('workPlan.conflict'));
        onClose();
      } else for (const text of applyProblemToForm(form, error, { actualCostFen: 'actualCostYuan' })) void message.error(text);
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: followUpKeys.plans });
    }
  }

  return (
    <Modal
      open={!!plan}
      title={plan ? t('workPlan.actualTitle', { title: plan.title }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" scrollToFirstError onFinish={(v) => void submit(v)}>
        {counted && (
          <Form.Item
            name="actualCount"
            label={t('workPlan.actual')}
            rules={[zodRule(workPlanActualSchema.shape.actualCount, { label: t('workPlan.actual'), toInput: (v) => v ?? undefined })]}
          >
            <InputNumber<number> size="large" min={0} precision={0} autoFocus style={{ width: '100%' }} data-testid="work-plan-actual" />
          </Form.Item>
        )}
        {costed && (
          <Form.Item name="actualCostYuan" label={t('workPlan.fields.actualCost')} extra={t('workPlan.costHint')}>
            <YuanInput data-testid="work-plan-actual-cost" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function PlanCard({ plan, onUpdateActual }: { plan: WorkPlan; onUpdateActual: () => void }) {
  const { t } = useTranslation();
  const { percent, minimumPercent } = planProgress(plan);
  const color = STANDING_COLORS[plan.standing];
  return (
    <Card
      size="small"
      data-testid="work-plan"
      data-standing={plan.standing}
      title={
        <Space size={8} wrap>
          <Tag color={KIND_COLORS[plan.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`workPlan.kinds.${plan.kind}`)}
          </Tag>
          <span>{plan.title}</span>
        </Space>
      }
      extra={
        <Tag color={color} data-testid="work-plan-standing" style={{ marginInlineEnd: 0 }}>
          {t(`workPlan.standings.${plan.standing}`)}
        </Tag>
      }
      style={{ borderTop: `3px solid ${color}` }}
    >
      <div style={{ display: 'grid', gap: 8 }}>
        <Space wrap size={8}>
          <Typography.Text type="secondary">
            {t('workPlan.periodValue', { from: formatDate(plan.periodFrom), to: formatDate(plan.periodTo) })}
          </Typography.Text>
          <Tag style={{ marginInlineEnd: 0 }}>{t(`workPlan.metrics.${plan.metric}`)}</Tag>
          {plan.rule && <RuleTag rule={plan.rule} />}
        </Space>
        <div style={{ position: 'relative' }}>
          <Progress percent={percent} strokeColor={color} showInfo={false} style={{ margin: 0 }} />
          {plan.minimumCount > 0 && (
            <Tooltip title={t('workPlan.minimumMarker', { count: plan.minimumCount })}>
              <span
                aria-hidden
                style={{
                  position: 'absolute',
                  top: -2,
                  height: 12,
                  width: 2,
                  background: '#434343',
                  left: `${minimumPercent}%`,
                  cursor: 'help',
                }}
              />
            </Tooltip>
          )}
        </div>
        <Space wrap size={16}>
          <Typography.Text>
            {t('workPlan.actualLabel')} <strong data-testid="work-plan-actual-value">{plan.actualCount}</strong>
            <Typography.Text type="secondary"> {t('workPlan.percentOfTarget', { percent })}</Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary">{t('workPlan.targetValue', { count: plan.targetCount })}</Typography.Text>
          <Typography.Text type="secondary">{t('workPlan.minimumValue', { count: plan.minimumCount })}</Typography.Text>
        </Space>
        {(plan.plannedCostFen !== null || plan.actualCostFen !== null) && (
          <Typography.Text type="secondary" data-testid="work-plan-cost">
            {t('workPlan.costValue', {
              planned: plan.plannedCostFen === null ? '—' : formatFen(plan.plannedCostFen),
              actual: plan.actualCostFen === null ? '—' : formatFen(plan.actualCostFen),
            })}
          </Typography.Text>
        )}
        {plan.revenueTargetFen !== null && (
          <Typography.Text type="secondary" data-testid="work-plan-revenue">
            {t('workPlan.revenueValue', { actual: formatFen(plan.actualRevenueFen ?? 0), target: formatFen(plan.revenueTargetFen) })}
          </Typography.Text>
        )}
        {(plan.method || plan.purpose || plan.content || plan.participants) && (
          <div style={{ display: 'grid', gap: 2, fontSize: 13 }}>
            {plan.method && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: plan.method }}>
                {t('workPlan.labelled', { label: t('workPlan.fields.method'), text: plan.method })}
              </Typography.Text>
            )}
            {plan.content && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: plan.content }}>
                {t('workPlan.labelled', { label: t('workPlan.fields.content'), text: plan.content })}
              </Typography.Text>
            )}
            {plan.purpose && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: plan.purpose }}>
                {t('workPlan.labelled', { label: t('workPlan.fields.purpose'), text: plan.purpose })}
              </Typography.Text>
            )}
            {plan.participants && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: plan.participants }}>
                {t('workPlan.labelled', { label: t('workPlan.fields.participants'), text: plan.participants })}
              </Typography.Text>
            )}
          </div>
        )}
        {(plan.metric === 'manual' || plan.kind === 'activity') && (
          <Button icon={<EditOutlined />} onClick={onUpdateActual} style={{ justifySelf: 'start' }} data-testid="work-plan-update-actual">
            {t('workPlan.updateActual')}
          </Button>
        )}
      </div>
    </Card>
  );
}

/** 工作计划: follow-up, activity and service plans with their live actual figures against target and minimum. */
export function WorkPlansPage() {
  const { t } = useTranslation();
  const canManage = useCan('follow_up.manage');
  const plans = useWorkPlans();
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const [updating, setUpdating] = useState<WorkPlan | null>(null);
  const shown = (plans.data ?? []).filter((p) => kind === 'all' || p.kind === kind);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="work-plans-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workPlan.title')}
        </Typography.Title>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <FollowUpNav />
        </div>
      </div>
      <Card styles={{ body: { padding: 12 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
          <Segmented<Kind | 'all'>
            value={kind}
            onChange={setKind}
            options={(['all', ...WORK_PLAN_KINDS] as const).map((k) => ({
              value: k,
              label: k === 'all' ? t('workPlan.allKinds') : t(`workPlan.kinds.${k}`),
            }))}
          />
          <Space wrap>
            {(Object.keys(STANDING_COLORS) as WorkPlan['standing'][]).map((s) => (
              <Tag key={s} color={STANDING_COLORS[s]}>
                {t(`workPlan.standings.${s}`)}
              </Tag>
            ))}
            {canManage && (
              <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="work-plan-new">
                {t('workPlan.new')}
              </Button>
            )}
          </Space>
        </div>
      </Card>
      {plans.isPending ? (
        <PageSkeleton cards={2} />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
      ) : shown.length === 0 ? (
        <Card>
          <EmptyState description={canManage ? t('workPlan.emptyManage') : t('workPlan.empty')} />
        </Card>
      ) : (
        <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
          {shown.map((plan) => (
            <PlanCard key={plan.id} plan={plan} onUpdateActual={() => setUpdating(plan)} />
          ))}
        </div>
      )}
      <PlanDrawer open={creating} onClose={() => setCreating(false)} />
      <ActualModal plan={updating} onClose={() => setUpdating(null)} />
    </div>
  );
}
