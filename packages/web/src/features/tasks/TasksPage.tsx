import { AlertOutlined, CheckOutlined, ClockCircleOutlined, PhoneOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { taskCompleteSchema } from '@servicebay/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Radio, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { appointmentKeys, appointmentsApi, type Task } from '../../api/appointments';
import { applyProblemToForm, hasTranslation } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { zodRule } from '../../components/form/zodRule';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import i18n from '../../i18n';
import { AppointmentDrawer } from '../appointments/AppointmentDrawer';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);
const kindLabel = (kind: string) => (hasTranslation(`tasks.kinds.${kind}`) ? tr(`tasks.kinds.${kind}`) : kind);

const QUICK_RESULTS = ['confirmed', 'no_answer', 'reschedule', 'cancel'] as const;

function CompleteModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ quick?: string; result: string }>();
  const [saving, setSaving] = useState(false);

  async function submit({ result }: { result: string }) {
    if (!task) return;
    setSaving(true);
    try {
      await appointmentsApi.completeTask(task.id, result.trim());
      void message.success(t('tasks.completed'));
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
      onClose();
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!task}
      title={task ? kindLabel(task.kind) : ''}
      okText={t('tasks.complete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'task-complete-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        {task?.kind === 'appointment_call' && (
          <Form.Item label={t('tasks.quickResult')}>
            <Radio.Group
              optionType="button"
              options={QUICK_RESULTS.map((r) => ({ value: r, label: t(`confirmation.results.${r}`) }))}
              onChange={(e) => form.setFieldValue('result', t(`confirmation.results.${e.target.value as (typeof QUICK_RESULTS)[number]}`))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="result"
          label={t('tasks.result')}
          required
          rules={[zodRule(taskCompleteSchema.shape.result, { label: t('tasks.result') })]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount data-testid="task-result" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TaskRow({ task, onComplete, onOpen }: { task: Task; onComplete: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const overdue = task.status === 'open' && dayjs(task.dueAt).isBefore(dayjs());
  const a = task.appointment;
  const complaint = task.complaint;
  // The tasks list reads the contract's shape; an older server may not send the claim yet.
  const claim = task.claim ?? null;
  const sanbao = task.kind === 'sanbao_watch';
  const spotCheck = task.spotCheck ?? null;
  const alarming =
    task.kind === 'parts_shortage' || task.kind === 'loaner_overdue' || !!complaint || sanbao || task.kind === 'warranty_window_closing';
  const icon = complaint ? (
    <AlertOutlined />
  ) : task.kind === 'parts_shortage' || sanbao ? (
    <WarningOutlined />
  ) : task.kind === 'warranty_window_closing' ? (
    <ClockCircleOutlined />
  ) : (
    <PhoneOutlined />
  );
  return (
    <div className="sb-row" style={{ cursor: 'default', flexWrap: 'wrap' }} data-testid="task-row" data-kind={task.kind}>
      <div style={{ fontSize: 22, color: alarming ? '#cf1322' : '#1565c0' }}>{icon}</div>
      <div style={{ flex: '1 1 260px', minWidth: 0, display: 'grid', gap: 4 }}>
        <Space wrap size={8}>
          <Typography.Text strong>{kindLabel(task.kind)}</Typography.Text>
          <Tag color={overdue ? 'error' : 'default'}>{t('tasks.due', { time: formatDateTime(task.dueAt) })}</Tag>
          {task.status !== 'open' && <Tag>{t(`tasks.statuses.${task.status}`)}</Tag>}
          {task.assignee && <Typography.Text type="secondary">{task.assignee.name}</Typography.Text>}
        </Space>
        {a && (
          <Space wrap size={8}>
            <PlateTag plate={a.plate} size="small" />
            <Typography.Link onClick={() => onOpen(a.id)}>
              {a.customerName} · {a.number}
            </Typography.Link>
            <Typography.Text type="secondary">{t('tasks.appointmentAt', { time: formatDateTime(a.startsAt) })}</Typography.Text>
          </Space>
        )}
        {complaint && (
          <Link to={`/complaints/${complaint.id}`} data-testid="task-complaint">
            {t('tasks.complaintLink', { number: complaint.number, customer: complaint.customerName })}
          </Link>
        )}
        {claim && (
          <Link to={`/warranty/claims/${claim.id}`} data-testid="task-claim">
            {t('tasks.claimLink', { number: claim.number })}
          </Link>
        )}
        {sanbao && (
          <Link to="/warranty/sanbao" data-testid="task-sanbao">
            {t('tasks.sanbaoLink')}
          </Link>
        )}
        {task.loaner && (
          <Link to="/loaners" data-testid="task-loaner">
            {t('tasks.loanerLink', {
              plate: task.loaner.plate,
              customer: task.loaner.customerName,
              time: formatDateTime(task.loaner.until),
            })}
          </Link>
        )}
        {spotCheck && (
          <Link to={`/process-checks/spot-checks/${spotCheck.id}`} data-testid="task-spot-check">
            {t('tasks.spotCheckLink', { sa: spotCheck.saName, count: spotCheck.failedCount })}
          </Link>
        )}
      </div>
      {task.status === 'open' && (
        <Button type="primary" size="large" icon={<CheckOutlined />} onClick={onComplete} data-testid="task-complete">
          {t('tasks.complete')}
        </Button>
      )}
    </div>
  );
}

/** 我的待办: the SA's one-hour-before calls, parts shortage alerts. */
export function TasksPage() {
  const { t } = useTranslation();
  const canSeeAll = useCan('appointment.assign');
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [completing, setCompleting] = useState<Task | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: appointmentKeys.tasks(scope),
    queryFn: () => appointmentsApi.tasks(scope).then((r) => r.items),
    refetchInterval: 60_000,
  });
  const tasks = [...(list.data ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('tasks.title')}
      </Typography.Title>
      <Card
        title={
          canSeeAll ? (
            <Segmented
              value={scope}
              onChange={(v) => setScope(v as 'mine' | 'all')}
              options={[
                { value: 'mine', label: t('tasks.mine') },
                { value: 'all', label: t('tasks.all') },
              ]}
            />
          ) : (
            t('tasks.mine')
          )
        }
        extra={
          <Button icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('common.reload')} onClick={() => void list.refetch()} />
        }
        styles={{ body: { padding: 0 } }}
        data-testid="task-list"
      >
        {list.isPending ? (
          <div style={{ padding: 16 }}>
            <PageSkeleton cards={1} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : tasks.length === 0 ? (
          <div style={{ padding: 32 }}>
            <EmptyState description={t('tasks.empty')} />
          </div>
        ) : (
          tasks.map((task) => <TaskRow key={task.id} task={task} onComplete={() => setCompleting(task)} onOpen={setOpenId} />)
        )}
      </Card>
      <CompleteModal task={completing} onClose={() => setCompleting(null)} />
      <AppointmentDrawer appointmentId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
