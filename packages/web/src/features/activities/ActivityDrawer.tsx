import { ACTIVITY_KINDS, type Activity, activityInputSchema, MAX_ACTIVITY_CAPACITY } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Radio, Row } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activitiesApi, activityKeys } from '../../api/activities';
import { applyProblemToForm } from '../../api/problems';
import { DateTimeField } from '../../components/DateTimeField';
import { FormDrawer } from '../../components/FormDrawer';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { YuanInput } from '../../components/YuanInput';

type Values = {
  kind: Activity['kind'];
  title: string;
  place: string;
  content?: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  costYuan?: number | null;
};

/** 新建 / 编辑活动: what, where, when, how many places, what it costs. */
export function ActivityDrawer({
  open,
  activity,
  onClose,
  onSaved,
}: {
  open: boolean;
  activity: Activity | null;
  onClose: () => void;
  onSaved?: (activity: Activity) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const idempotency = useIdempotencyKey();
  const shape = activityInputSchema.shape;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (activity)
      form.setFieldsValue({
        kind: activity.kind,
        title: activity.title,
        place: activity.place,
        content: activity.content,
        startsAt: activity.startsAt,
        endsAt: activity.endsAt,
        capacity: activity.capacity,
        costYuan: activity.costFen / 100,
      });
  }, [open, activity, form]);

  async function save(values: Values) {
    const input = {
      kind: values.kind,
      title: values.title,
      place: values.place,
      content: values.content ?? '',
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      capacity: values.capacity,
      costFen: Math.round((values.costYuan ?? 0) * 100),
    };
    setSaving(true);
    try {
      const saved = activity
        ? await activitiesApi.update(activity.id, { ...input, workPlanId: activity.workPlanId, version: activity.version })
        : await activitiesApi.create(input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('activities.saved'));
      await queryClient.invalidateQueries({ queryKey: activityKeys.all });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error, { costFen: 'costYuan' })) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormDrawer
      open={open}
      title={activity ? t('activities.edit') : t('activities.new')}
      form={form}
      saving={saving}
      onClose={onClose}
      data-testid="activity-form"
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'free_check', capacity: 30 }} onFinish={(v) => void save(v)}>
        <Form.Item name="kind" label={t('activities.fields.kind')}>
          <Radio.Group
            optionType="button"
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))}
            data-testid="activity-kind"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('activities.fields.title')}
          rules={[zodRule(shape.title, { label: t('activities.fields.title') })]}
        >
          <Input size="large" maxLength={60} data-testid="activity-title" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('activities.fields.place')}
          rules={[zodRule(shape.place, { label: t('activities.fields.place') })]}
        >
          <Input size="large" maxLength={100} data-testid="activity-place" />
        </Form.Item>
        <Form.Item name="content" label={t('activities.fields.content')}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="activity-content" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="startsAt"
              label={t('activities.fields.startsAt')}
              rules={[zodRule(shape.startsAt, { label: t('activities.fields.startsAt') })]}
            >
              <DateTimeField limit="future" data-testid="activity-starts" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="endsAt"
              label={t('activities.fields.endsAt')}
              dependencies={['startsAt']}
              rules={[zodRule(shape.endsAt, { label: t('activities.fields.endsAt') })]}
            >
              <DateTimeField limit="future" data-testid="activity-ends" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="capacity"
              label={t('activities.fields.capacity')}
              rules={[zodRule(shape.capacity, { label: t('activities.fields.capacity') })]}
            >
              <InputNumber<number>
                min={1}
                max={MAX_ACTIVITY_CAPACITY}
                precision={0}
                style={{ width: '100%' }}
                data-testid="activity-capacity"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="costYuan" label={t('activities.fields.cost')}>
              <YuanInput max={10_000_000} style={{ width: '100%' }} data-testid="activity-cost" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
