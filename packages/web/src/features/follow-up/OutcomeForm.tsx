import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  PhoneOutlined,
  SaveOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { type CallResult, callAttemptInputSchema } from '@servicebay/contracts';
import { CALL_RESULTS, DISSATISFACTION_CATEGORIES, isDissatisfied, SATISFACTION } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict } from '../../api/appointments';
import { ApiError } from '../../api/client';
import { complaintKeys } from '../../api/complaints';
import { type CallScreen, type FollowUpTask, followUpApi, followUpKeys } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { vehicleKeys } from '../../api/vehicles';
import { formatDate, getDisplayTimeZone } from '../../components/DateText';
import { DateTimeField } from '../../components/DateTimeField';
import { dealerDate } from '../../components/dealerTime';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { type OutcomeValues, toAttemptInput } from './followUp';

const shape = callAttemptInputSchema.shape;
const ICONS: Record<CallResult, ReactNode> = {
  reached: <CheckCircleOutlined />,
  not_owner: <UserSwitchOutlined />,
  call_back: <ClockCircleOutlined />,
  no_answer: <PhoneOutlined rotate={135} />,
  wrong_number: <CloseCircleOutlined />,
};

/** The field that takes the keyboard when a result is picked. */
const FIRST_FIELD: Partial<Record<CallResult, string>> = {
  not_owner: 'user-name',
  reached: 'reported-km',
  no_answer: 'call-notes',
  wrong_number: 'call-notes',
};

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The five results as big buttons, each with its number key. */
function ResultButtons({ value, onChange }: { value?: CallResult | null; onChange?: (result: CallResult) => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="radiogroup"
      aria-label={t('followUp.call.result')}
      style={{ display: 'grid', gap: 8, gridTemplateColumns: 'repeat(auto-fill, minmax(136px, 1fr))' }}
    >
      {CALL_RESULTS.map((result, i) => {
        const selected = value === result;
        return (
          <Button
            key={result}
            role="radio"
            aria-checked={selected}
            type={selected ? 'primary' : 'default'}
            danger={result === 'wrong_number' && selected}
            icon={ICONS[result]}
            onClick={() => onChange?.(result)}
            data-testid={`result-${result}`}
            style={{ height: 'auto', minHeight: 56, padding: '6px 12px', fontSize: 16, justifyContent: 'flex-start', whiteSpace: 'normal' }}
          >
            {/* The label wraps rather than being cut off in a narrow column (the call screen at 1440 px). */}
            <span style={{ flex: 1, minWidth: 0, textAlign: 'start', overflowWrap: 'anywhere', lineHeight: 1.3 }}>
              {t(`followUp.results.${result}`)}
            </span>
            <kbd
              style={{
                fontSize: 11,
                opacity: 0.6,
                border: '1px solid currentColor',
                borderRadius: 3,
                padding: '0 4px',
                fontFamily: 'inherit',
              }}
            >
              {i + 1}
            </kbd>
          </Button>
        );
      })}
    </div>
  );
}

/** A date and time at the dealer, as the ISO instant the API takes; quick picks for the usual call-backs. */
function CallBackPicker({ value, onChange, id }: { value?: string | null; onChange?: (iso: string | null) => void; id?: string }) {
  const { t } = useTranslation();
  const inAnHour = dayjs(dayjs().tz(getDisplayTimeZone()).format('YYYY-MM-DDTHH:mm')).add(60, 'minute');
  const rounded = inAnHour.minute(Math.ceil(inAnHour.minute() / 15) * 15).second(0);
  const tomorrow = dayjs(dealerDate(1));
  return (
    <DateTimeField
      id={id}
      value={value}
      onChange={onChange}
      limit="future"
      size="large"
      presets={[
        { label: t('followUp.call.inAnHour'), value: rounded },
        { label: t('followUp.call.tomorrowMorning'), value: tomorrow.hour(10).minute(0) },
        { label: t('followUp.call.tomorrowAfternoon'), value: tomorrow.hour(15).minute(0) },
      ]}
      data-testid="call-back-at"
    />
  );
}

type Props = {
  screen: CallScreen;
  /** The attempt was recorded: the task as it is now and the result recorded. */
  onSaved: (task: FollowUpTask, result: CallResult) => void;
  /** Ctrl+Enter and the number keys work while this is the page's form. */
  keyboard?: boolean;
};

/** 通话结果: the result, then what that result needs; saved with the task's version. */
export function OutcomeForm({ screen, onSaved, keyboard = true }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OutcomeValues>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const result = Form.useWatch('result', form);
  const hasDissatisfaction = Form.useWatch('hasDissatisfaction', form);
  const container = useRef<HTMLDivElement>(null);
  const { task, vehicle } = screen;

  // A new task on the same page (next call): a fresh form.
  useEffect(() => {
    form.resetFields();
    idempotency.reset();
  }, [task.id]); // the form and the key are stable: only a new task resets them

  useEffect(() => {
    if (!keyboard) return;
    function onKey(event: globalThis.KeyboardEvent) {
      // Keys typed in a dialog (reassign, booking) are the dialog's.
      if (event.target instanceof Element && event.target.closest('.ant-modal, .ant-drawer')) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.submit();
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const index = Number(event.key) - 1;
      const picked = CALL_RESULTS[index];
      if (picked) {
        event.preventDefault();
        pick(picked);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, form]); // pick() only writes to the form

  function pick(next: CallResult) {
    form.setFieldValue('result', next);
    form.setFields([{ name: 'result', errors: [] }]);
    // The first field of the result takes the keyboard.
    const testId = FIRST_FIELD[next];
    if (!testId) return;
    // The field appears on the next render: wait for it (a few frames at most).
    const focus = (frames: number) => {
      const el = container.current?.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      const input =
        el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : el?.querySelector<HTMLElement>('input, textarea');
      if (input) input.focus();
      else if (frames > 0) requestAnimationFrame(() => focus(frames - 1));
    };
    requestAnimationFrame(() => focus(10));
  }

  const labels: Record<string, string> = {
    result: t('followUp.call.result'),
    userName: t('followUp.call.userName'),
    callBackAt: t('followUp.call.callBackAt'),
    'dissatisfaction.category': t('followUp.call.category'),
    'dissatisfaction.description': t('followUp.call.description'),
  };

  async function submit(values: OutcomeValues) {
    const input = toAttemptInput(values, task.version);
    // The contract's rules between fields (a call-back needs its time …) before anything is sent.
    if (applyZodErrors(form, callAttemptInputSchema, input, { labels, aliases: { version: 'result' } })) {
      void message.error(t('form.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      const saved = await followUpApi.recordAttempt(task.id, input, idempotency.keyFor(input));
      idempotency.reset();
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: followUpKeys.task(task.id) });
      void queryClient.invalidateQueries({ queryKey: followUpKeys.queues });
      if (input.reportedKm != null && vehicle) void queryClient.invalidateQueries({ queryKey: vehicleKeys.detail(vehicle.id) });
      // A recorded dissatisfaction became a complaint the agent now owns (first responder).
      if (saved.complaint) {
        void message.warning({ content: t('followUp.call.complaintRaised', { number: saved.complaint.number }), duration: 8 });
        void queryClient.invalidateQueries({ queryKey: complaintKeys.all });
      }
      onSaved(saved.task, input.result);
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('followUp.call.conflict'));
        void queryClient.invalidateQueries({ queryKey: followUpKeys.task(task.id) });
        return;
      }
      // A lower mileage than an earlier reading: said in the call's words (no odometer checkbox here).
      if (error instanceof ApiError && error.errors.some((e) => e.field === 'reportedKm' && e.code === 'lower_than_earlier')) {
        const m = /lower than (\d+) km read on (\d{4}-\d{2}-\d{2})/.exec(error.errors.find((e) => e.field === 'reportedKm')!.message);
        form.setFields([
          {
            name: 'reportedKm',
            errors: [m ? t('followUp.call.kmLowerDetail', { km: Number(m[1]).toLocaleString(), date: m[2] }) : t('followUp.call.kmLower')],
          },
        ]);
        form.scrollToField('reportedKm', { block: 'center' });
        return;
      }
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const needs = (r: CallResult) => result === r;

  return (
    <div ref={container}>
      <Form<OutcomeValues>
        form={form}
        layout="vertical"
        scrollToFirstError
        initialValues={{ result: null, close: true, hasDissatisfaction: false }}
        onFinish={(values) => void submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
        onValuesChange={(changed: Partial<OutcomeValues>) => {
          if (isDissatisfied(changed.satisfaction)) form.setFieldValue('hasDissatisfaction', true);
        }}
        data-testid="outcome-form"
        data-result={result ?? ''}
      >
        <Form.Item
          name="result"
          label={t('followUp.call.result')}
          required
          rules={[zodRule(shape.result, { label: t('followUp.call.result'), toInput: (v) => v ?? undefined })]}
        >
          <ResultButtons />
        </Form.Item>

        {needs('not_owner') && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="userName"
                label={t('followUp.call.userName')}
                required
                rules={[
                  zodRule(shape.userName, {
                    label: t('followUp.call.userName'),
                    toInput: (v) => (typeof v === 'string' ? v.trim() || null : null),
                  }),
                ]}
              >
                <Input size="large" maxLength={40} data-testid="user-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="userMobile"
                label={t('followUp.call.userMobile')}
                rules={[zodRule(shape.userMobile, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
              >
                <Input size="large" inputMode="tel" maxLength={11} data-testid="user-mobile" />
              </Form.Item>
            </Col>
          </Row>
        )}

        {(needs('call_back') || needs('not_owner')) && (
          <Form.Item
            name="callBackAt"
            label={t('followUp.call.callBackAt')}
            required={needs('call_back')}
            extra={needs('not_owner') ? t('followUp.call.callBackOptional') : undefined}
          >
            <CallBackPicker />
          </Form.Item>
        )}

        {needs('reached') && (
          <>
            <Row gutter={12}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="reportedKm"
                  label={t('followUp.call.reportedKm')}
                  extra={vehicle?.lastKm != null ? t('followUp.call.lastKm', { km: vehicle.lastKm.toLocaleString() }) : undefined}
                  rules={[zodRule(shape.reportedKm, { label: t('followUp.call.reportedKm'), toInput: (v) => v ?? null })]}
                >
                  <InputNumber<number>
                    size="large"
                    min={0}
                    precision={0}
                    suffix={t('common.kmUnit')}
                    style={{ width: '100%' }}
                    disabled={!vehicle}
                    data-testid="reported-km"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="servicedElsewhere"
                  label={t('followUp.call.servicedElsewhere')}
                  rules={[zodRule(shape.servicedElsewhere, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
                >
                  <Input
                    size="large"
                    maxLength={200}
                    placeholder={t('followUp.call.servicedElsewherePlaceholder')}
                    data-testid="serviced-elsewhere"
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="satisfaction" label={t('followUp.call.satisfaction')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                options={SATISFACTION.map((s) => ({ value: s, label: t(`followUp.satisfaction.${s}`) }))}
                style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8 }}
                data-testid="satisfaction"
              />
            </Form.Item>
            <Form.Item name="hasDissatisfaction" valuePropName="checked" style={{ marginBottom: hasDissatisfaction ? 8 : undefined }}>
              <Checkbox data-testid="has-dissatisfaction">{t('followUp.call.hasDissatisfaction')}</Checkbox>
            </Form.Item>
            {hasDissatisfaction && (
              <div style={{ padding: 12, marginBottom: 16, borderRadius: 8, background: '#fff7e6', border: '1px solid #ffd591' }}>
                <Form.Item name={['dissatisfaction', 'category']} label={t('followUp.call.category')} required>
                  <Select
                    size="large"
                    options={DISSATISFACTION_CATEGORIES.map((c) => ({ value: c, label: t(`followUp.categories.${c}`) }))}
                    placeholder={t('followUp.call.categoryPlaceholder')}
                    data-testid="dissatisfaction-category"
                  />
                </Form.Item>
                <Form.Item
                  name={['dissatisfaction', 'description']}
                  label={t('followUp.call.description')}
                  required
                  style={{ marginBottom: 0 }}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    maxLength={2000}
                    showCount
                    data-testid="dissatisfaction-description"
                  />
                </Form.Item>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('followUp.call.dissatisfactionHint')}
                </Typography.Text>
              </div>
            )}
          </>
        )}

        {result && (
          <Form.Item
            name="notes"
            label={t('followUp.call.notes')}
            rules={[zodRule(shape.notes, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              placeholder={t('followUp.call.notesPlaceholder')}
              data-testid="call-notes"
            />
          </Form.Item>
        )}

        {needs('reached') && (
          <Form.Item name="close" valuePropName="checked" extra={t('followUp.call.closeHint')}>
            <Checkbox data-testid="close-task">{t('followUp.call.close')}</Checkbox>
          </Form.Item>
        )}

        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={saving}
            data-testid="outcome-submit"
            style={{ minWidth: 160 }}
          >
            {t('followUp.call.submit')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('followUp.call.shortcuts')}
          </Typography.Text>
        </div>
        {task.attempts > 0 && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
            {t('followUp.call.attemptsSoFar', { count: task.attempts, date: formatDate(task.dueUntil) })}
          </Typography.Paragraph>
        )}
      </Form>
    </div>
  );
}
