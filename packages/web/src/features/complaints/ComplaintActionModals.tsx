import {
  acceptanceInputSchema,
  assignDealerInputSchema,
  assignHandlerInputSchema,
  closeInputSchema,
  communicationInputSchema,
  deadlineInputSchema,
  handoverInputSchema,
  reopenInputSchema,
} from '@servicebay/contracts';
import { CAUSE_CLASSES, COMMUNICATION_CHANNELS, SATISFACTION } from '@servicebay/contracts/constants';
import { Alert, App, Checkbox, Form, type FormInstance, Input, Modal, Radio, Select, Switch } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type ComplaintDetail, type ComplaintStaff, complaintsApi, useComplaintStaff } from '../../api/complaints';
import { useDealers } from '../../api/network';
import { hasTranslation } from '../../api/problems';
import { DateTimeField } from '../../components/DateTimeField';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { tr } from './ComplaintTags';
import { useCaseUpdate } from './useCaseUpdate';

export type ModalAction = 'communicate' | 'handover' | 'assignHandler' | 'accept' | 'close' | 'reopen' | 'assignDealer' | 'deadline';

type ActionModalProps<V, I> = {
  complaint: ComplaintDetail;
  form: FormInstance<V>;
  title: ReactNode;
  okText: string;
  okTestId: string;
  testId: string;
  initialValues: Partial<V>;
  schema: z.ZodType;
  toInput: (values: V) => I;
  labels?: Record<string, string>;
  send: (input: I, idempotencyKey: string) => Promise<ComplaintDetail>;
  doneText: (detail: ComplaintDetail, input: I) => string;
  onClose: () => void;
  children: ReactNode;
};

/** A dialog that sends one action of a case with its version, and handles what can go wrong. */
function ActionModal<V extends object, I>({
  complaint,
  form,
  title,
  okText,
  okTestId,
  testId,
  initialValues,
  schema,
  toInput,
  labels,
  send,
  doneText,
  onClose,
  children,
}: ActionModalProps<V, I>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useCaseUpdate();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);

  async function submit(values: V) {
    const input = toInput(values);
    if (applyZodErrors(form, schema, input, { labels })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const detail = await send(input, idempotency.keyFor(input));
      idempotency.reset();
      update.saved(detail);
      void message.success(doneText(detail, input));
      onClose();
    } catch (error) {
      if (update.failed(complaint.id, error, form) === 'reloaded') onClose();
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': okTestId }}
      onOk={() => form.submit()}
      onCancel={() => !saving && onClose()}
      maskClosable={false}
      width={560}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues as V}
        onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <div data-testid={testId}>{children}</div>
      </Form>
    </Modal>
  );
}

const roleText = (role: string) => (hasTranslation(`complaints.roles.${role}`) ? tr(`complaints.roles.${role}`) : role);
const staffOption = (s: ComplaintStaff) => ({
  value: s.id,
  label: s.roles.length
    ? tr('complaints.withRoles', { name: s.name, roles: s.roles.map(roleText).join(tr('complaints.listSeparator')) })
    : s.name,
});
const trimmed = (v: string | null | undefined) => v?.trim() ?? '';
const orNull = (v: string | null | undefined) => v?.trim() || null;

type Props = { complaint: ComplaintDetail; onClose: () => void };

function CommunicateModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ channel: (typeof COMMUNICATION_CHANNELS)[number]; summary: string; feedback: boolean }>();
  const shape = communicationInputSchema.shape;
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.communication.title', { name: complaint.customer.name })}
      okText={t('complaints.communication.submit')}
      okTestId="communication-submit"
      testId="communication-modal"
      // The first contact after receipt is, by default, the feedback the 24-hour timer waits for.
      initialValues={{ channel: 'phone', summary: '', feedback: !complaint.feedbackAt }}
      schema={communicationInputSchema}
      toInput={(v) => ({ version: complaint.version, channel: v.channel, summary: trimmed(v.summary), feedback: !!v.feedback })}
      labels={{ summary: t('complaints.communication.summary') }}
      send={(input, key) => complaintsApi.communicate(complaint.id, input, key)}
      doneText={(_, input) => (input.feedback ? t('complaints.communication.doneFeedback') : t('complaints.communication.done'))}
      onClose={onClose}
    >
      <Form.Item name="channel" label={t('complaints.communication.channel')} required>
        <Radio.Group
          optionType="button"
          options={COMMUNICATION_CHANNELS.map((c) => ({ value: c, label: t(`complaints.communicationChannels.${c}`) }))}
          data-testid="communication-channel"
        />
      </Form.Item>
      <Form.Item
        name="summary"
        label={t('complaints.communication.summary')}
        required
        rules={[
          zodRule(shape.summary, { label: t('complaints.communication.summary'), toInput: (v) => (typeof v === 'string' ? v.trim() : '') }),
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          showCount
          placeholder={t('complaints.communication.summaryPlaceholder')}
          data-testid="communication-summary"
        />
      </Form.Item>
      <Form.Item
        name="feedback"
        valuePropName="checked"
        extra={complaint.feedbackAt ? t('complaints.communication.feedbackGiven') : t('complaints.communication.feedbackHint')}
      >
        <Checkbox data-testid="communication-feedback">{t('complaints.communication.feedback')}</Checkbox>
      </Form.Item>
    </ActionModal>
  );
}

function HandoverModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ toUserId: string | null; note: string }>();
  const staff = useComplaintStaff(complaint.dealer.id);
  const shape = handoverInputSchema.shape;
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.handover.title')}
      okText={t('complaints.handover.submit')}
      okTestId="handover-submit"
      testId="handover-modal"
      initialValues={{ toUserId: null, note: '' }}
      schema={handoverInputSchema}
      toInput={(v) => ({ version: complaint.version, toUserId: v.toUserId ?? '', note: trimmed(v.note) })}
      labels={{ toUserId: t('complaints.handover.to'), note: t('complaints.handover.note') }}
      send={(input, key) => complaintsApi.handover(complaint.id, input, key)}
      doneText={(detail) => t('complaints.handover.done', { name: detail.owner?.name ?? '' })}
      onClose={onClose}
    >
      <Alert
        type="info"
        showIcon
        title={t('complaints.handover.hint', { name: complaint.owner?.name ?? t('common.none') })}
        style={{ marginBottom: 16 }}
      />
      <Form.Item
        name="toUserId"
        label={t('complaints.handover.to')}
        required
        rules={[zodRule(shape.toUserId, { label: t('complaints.handover.to'), toInput: (v) => v ?? '' })]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={staff.isPending}
          placeholder={t('complaints.staffPlaceholder')}
          options={(staff.data ?? []).filter((s) => s.id !== complaint.owner?.id).map(staffOption)}
          data-testid="handover-to"
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('complaints.handover.note')}
        required
        rules={[zodRule(shape.note, { label: t('complaints.handover.note'), toInput: (v) => (typeof v === 'string' ? v.trim() : '') })]}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={500}
          showCount
          placeholder={t('complaints.handover.notePlaceholder')}
          data-testid="handover-note"
        />
      </Form.Item>
    </ActionModal>
  );
}

function AssignHandlerModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ handlerId: string | null }>();
  const staff = useComplaintStaff(complaint.dealer.id);
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.assignHandler.title')}
      okText={t('complaints.assignHandler.submit')}
      okTestId="assign-handler-submit"
      testId="assign-handler-modal"
      initialValues={{ handlerId: complaint.handler?.id ?? null }}
      schema={assignHandlerInputSchema}
      toInput={(v) => ({ version: complaint.version, handlerId: v.handlerId ?? '' })}
      labels={{ handlerId: t('complaints.assignHandler.handler') }}
      send={(input, key) => complaintsApi.assignHandler(complaint.id, input, key)}
      doneText={(detail) => t('complaints.assignHandler.done', { name: detail.handler?.name ?? '' })}
      onClose={onClose}
    >
      <Form.Item
        name="handlerId"
        label={t('complaints.assignHandler.handler')}
        required
        extra={complaint.handler?.role ? t('complaints.assignHandler.routedTo', { role: roleText(complaint.handler.role) }) : undefined}
        rules={[
          zodRule(assignHandlerInputSchema.shape.handlerId, { label: t('complaints.assignHandler.handler'), toInput: (v) => v ?? '' }),
        ]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={staff.isPending}
          placeholder={t('complaints.staffPlaceholder')}
          options={(staff.data ?? []).map(staffOption)}
          data-testid="assign-handler-select"
        />
      </Form.Item>
    </ActionModal>
  );
}

function AcceptModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ solutionPlan: string; note: string }>();
  const shape = acceptanceInputSchema.shape;
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.acceptance.title')}
      okText={t('complaints.acceptance.submit')}
      okTestId="acceptance-submit"
      testId="acceptance-modal"
      initialValues={{ solutionPlan: complaint.solutionPlan ?? '', note: '' }}
      schema={acceptanceInputSchema}
      toInput={(v) => ({ version: complaint.version, solutionPlan: trimmed(v.solutionPlan), note: orNull(v.note) })}
      labels={{ solutionPlan: t('complaints.fields.solutionPlan') }}
      send={(input, key) => complaintsApi.accept(complaint.id, input, key)}
      doneText={() => t('complaints.acceptance.done')}
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('complaints.acceptance.hint')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="solutionPlan"
        label={t('complaints.fields.solutionPlan')}
        required
        rules={[
          zodRule(shape.solutionPlan, {
            label: t('complaints.fields.solutionPlan'),
            toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
          }),
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount data-testid="acceptance-plan" />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('complaints.acceptance.note')}
        rules={[zodRule(shape.note, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
      >
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="acceptance-note" />
      </Form.Item>
    </ActionModal>
  );
}

function CloseModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    finalSatisfaction: (typeof SATISFACTION)[number] | null;
    causeClass: (typeof CAUSE_CLASSES)[number] | null;
    preventable: boolean;
    preventionMeasure: string;
    note: string;
  }>();
  const shape = closeInputSchema.shape;
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.close.title', { number: complaint.number })}
      okText={t('complaints.close.submit')}
      okTestId="close-submit"
      testId="close-modal"
      initialValues={{ finalSatisfaction: null, causeClass: complaint.causeClass, preventable: false, preventionMeasure: '', note: '' }}
      schema={closeInputSchema}
      toInput={(v) => ({
        version: complaint.version,
        finalSatisfaction: v.finalSatisfaction as (typeof SATISFACTION)[number],
        causeClass: v.causeClass as (typeof CAUSE_CLASSES)[number],
        preventable: !!v.preventable,
        preventionMeasure: trimmed(v.preventionMeasure),
        note: orNull(v.note),
      })}
      labels={{
        finalSatisfaction: t('complaints.fields.finalSatisfaction'),
        causeClass: t('complaints.fields.causeClass'),
        preventionMeasure: t('complaints.fields.preventionMeasure'),
      }}
      send={(input, key) => complaintsApi.close(complaint.id, input, key)}
      doneText={() => t('complaints.close.done')}
      onClose={onClose}
    >
      <Form.Item
        name="finalSatisfaction"
        label={t('complaints.fields.finalSatisfaction')}
        required
        rules={[{ required: true, message: t('form.required', { label: t('complaints.fields.finalSatisfaction') }) }]}
      >
        <Radio.Group
          optionType="button"
          options={SATISFACTION.map((s) => ({ value: s, label: t(`complaints.satisfaction.${s}`) }))}
          data-testid="close-satisfaction"
        />
      </Form.Item>
      <Form.Item
        name="causeClass"
        label={t('complaints.fields.causeClass')}
        required
        rules={[{ required: true, message: t('form.required', { label: t('complaints.fields.causeClass') }) }]}
      >
        <Radio.Group
          optionType="button"
          options={CAUSE_CLASSES.map((c) => ({ value: c, label: t(`complaints.causeClasses.${c}`) }))}
          data-testid="close-cause-class"
        />
      </Form.Item>
      <Form.Item name="preventable" label={t('complaints.fields.preventable')} valuePropName="checked">
        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="close-preventable" />
      </Form.Item>
      <Form.Item
        name="preventionMeasure"
        label={t('complaints.fields.preventionMeasure')}
        required
        rules={[
          zodRule(shape.preventionMeasure, {
            label: t('complaints.fields.preventionMeasure'),
            toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
          }),
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          showCount
          placeholder={t('complaints.close.preventionPlaceholder')}
          data-testid="close-prevention"
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('complaints.close.note')}
        rules={[zodRule(shape.note, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
      >
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="close-note" />
      </Form.Item>
    </ActionModal>
  );
}

function ReopenModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.reopen.title', { number: complaint.number })}
      okText={t('complaints.reopen.submit')}
      okTestId="reopen-submit"
      testId="reopen-modal"
      initialValues={{ reason: '' }}
      schema={reopenInputSchema}
      toInput={(v) => ({ version: complaint.version, reason: trimmed(v.reason) })}
      labels={{ reason: t('complaints.reopen.reason') }}
      send={(input, key) => complaintsApi.reopen(complaint.id, input, key)}
      doneText={() => t('complaints.reopen.done')}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('complaints.reopen.reason')}
        required
        rules={[
          zodRule(reopenInputSchema.shape.reason, {
            label: t('complaints.reopen.reason'),
            toInput: (v) => (typeof v === 'string' ? v.trim() : ''),
          }),
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} showCount data-testid="reopen-reason" />
      </Form.Item>
    </ActionModal>
  );
}

function AssignDealerModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ dealerId: string | null; deadlineAt: string | null }>();
  const dealers = useDealers();
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.assignDealer.title')}
      okText={t('complaints.assignDealer.submit')}
      okTestId="assign-dealer-submit"
      testId="assign-dealer-modal"
      initialValues={{ dealerId: null, deadlineAt: complaint.carMakerDeadlineAt }}
      schema={assignDealerInputSchema}
      toInput={(v) => ({ version: complaint.version, dealerId: v.dealerId ?? '', deadlineAt: v.deadlineAt ?? null })}
      labels={{ dealerId: t('complaints.fields.dealer') }}
      send={(input, key) => complaintsApi.assignDealer(complaint.id, input, key)}
      doneText={(detail) => t('complaints.assignDealer.done', { name: detail.dealer.name })}
      onClose={onClose}
    >
      <Form.Item
        name="dealerId"
        label={t('complaints.fields.dealer')}
        required
        rules={[zodRule(assignDealerInputSchema.shape.dealerId, { label: t('complaints.fields.dealer'), toInput: (v) => v ?? '' })]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={dealers.isPending}
          options={(dealers.data ?? [])
            .filter((d) => d.id !== complaint.dealer.id)
            .map((d) => ({ value: d.id, label: `${d.code} ${d.name}` }))}
          data-testid="assign-dealer-select"
        />
      </Form.Item>
      <Form.Item name="deadlineAt" label={t('complaints.fields.deadlineAt')}>
        <DateTimeField limit="future" data-testid="assign-dealer-deadline" />
      </Form.Item>
    </ActionModal>
  );
}

function DeadlineModal({ complaint, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ deadlineAt: string | null }>();
  return (
    <ActionModal
      complaint={complaint}
      form={form}
      title={t('complaints.deadline.title')}
      okText={t('complaints.deadline.submit')}
      okTestId="deadline-submit"
      testId="deadline-modal"
      initialValues={{ deadlineAt: complaint.carMakerDeadlineAt }}
      schema={deadlineInputSchema}
      toInput={(v) => ({ version: complaint.version, deadlineAt: v.deadlineAt ?? '' })}
      labels={{ deadlineAt: t('complaints.fields.deadlineAt') }}
      send={(input, key) => complaintsApi.setDeadline(complaint.id, input, key)}
      doneText={() => t('complaints.deadline.done')}
      onClose={onClose}
    >
      <Form.Item
        name="deadlineAt"
        label={t('complaints.fields.deadlineAt')}
        required
        rules={[zodRule(deadlineInputSchema.shape.deadlineAt, { label: t('complaints.fields.deadlineAt'), toInput: (v) => v ?? '' })]}
      >
        <DateTimeField limit="future" data-testid="deadline-at" />
      </Form.Item>
    </ActionModal>
  );
}

/** The dialog of one action (none when `action` is null); each starts empty when opened. */
export function ComplaintActionModal({
  action,
  complaint,
  onClose,
}: {
  action: ModalAction | null;
  complaint: ComplaintDetail;
  onClose: () => void;
}) {
  switch (action) {
    case 'communicate':
      return <CommunicateModal complaint={complaint} onClose={onClose} />;
    case 'handover':
      return <HandoverModal complaint={complaint} onClose={onClose} />;
    case 'assignHandler':
      return <AssignHandlerModal complaint={complaint} onClose={onClose} />;
    case 'accept':
      return <AcceptModal complaint={complaint} onClose={onClose} />;
    case 'close':
      return <CloseModal complaint={complaint} onClose={onClose} />;
    case 'reopen':
      return <ReopenModal complaint={complaint} onClose={onClose} />;
    case 'assignDealer':
      return <AssignDealerModal complaint={complaint} onClose={onClose} />;
    case 'deadline':
      return <DeadlineModal complaint={complaint} onClose={onClose} />;
    default:
      return null;
  }
}
