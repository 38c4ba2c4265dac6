import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import type { AttendanceMark } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type Activity,
  activitiesApi,
  activityKeys,
  type Invitation,
  useActivity,
  useActivityReport,
  useInvitations,
} from '../../api/activities';
import { errorMessage } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { formatFen } from '../../components/money';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { ActivityDrawer } from './ActivityDrawer';
import { INVITATION_COLOR, STATE_COLOR } from './activityText';
import { InviteDialog } from './InviteDialog';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** 活动详情 /activities/:id — the activity, its steps, the report and the invitations with attendance. */
export function ActivityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const activity = useActivity(id);
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);

  if (activity.isPending) return <PageSkeleton cards={3} />;
  if (activity.isError) return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  const a = activity.data;

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="activity-page">
      <Link to="/activities">
        <ArrowLeftOutlined /> {t('activities.actions.back')}
      </Link>
      <Space wrap size={16} style={{ justifyContent: 'space-between' }}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="activity-heading">
            {a.title}
          </Typography.Title>
          <Tag color={STATE_COLOR[a.state]} data-testid="activity-state">
            {t(`activities.states.${a.state}`)}
          </Tag>
        </Space>
        <Steps activity={a} onEdit={() => setEditing(true)} onInvite={() => setInviting(true)} />
      </Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('activities.fields.kind')}>{t(`activities.kinds.${a.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('activities.fields.dealer')}>{a.dealer.name}</Descriptions.Item>
          <Descriptions.Item label={t('activities.fields.when')}>
            {formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.fields.place')}>{a.place}</Descriptions.Item>
          <Descriptions.Item label={t('activities.fields.signedUp')}>
            {a.counts.seatsTaken} / {a.capacity}
          </Descriptions.Item>
          <Descriptions.Item label={t('activities.report.cost')}>{formatFen(a.costFen)}</Descriptions.Item>
          {a.content && (
            <Descriptions.Item label={t('activities.fields.content')} span={2}>
              {a.content}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <ReportCards id={a.id} />
      <Invitations activity={a} />
      <ActivityDrawer open={editing} activity={a} onClose={() => setEditing(false)} />
      <InviteDialog activityId={a.id} open={inviting} onClose={() => setInviting(false)} />
    </div>
  );
}

/** The buttons of the steps this person may take now (the server's `can`). */
function Steps({ activity: a, onEdit, onInvite }: { activity: Activity; onEdit: () => void; onInvite: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [cancelling, setCancelling] = useState(false);

  async function run(step: () => Promise<unknown>, done: string) {
    try {
      await step();
      void message.success(done);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      await queryClient.invalidateQueries({ queryKey: activityKeys.all });
    }
  }

  return (
    <Space wrap>
      {a.can.edit && (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="activity-edit">
          {t('activities.edit')}
        </Button>
      )}
      {a.can.open && (
        <Button
          type="primary"
          onClick={() =>
            modal.confirm({
              title: t('activities.actions.open'),
              content: t('activities.confirm.open'),
              onOk: () => run(() => activitiesApi.open(a.id), t('activities.done.opened')),
            })
          }
          data-testid="activity-open"
        >
          {t('activities.actions.open')}
        </Button>
      )}
      {a.can.invite && (
        <Button type="primary" icon={<SendOutlined />} onClick={onInvite} data-testid="activity-invite">
          {t('activities.actions.invite')}
        </Button>
      )}
      {a.can.close && (
        <Button
          onClick={() =>
            modal.confirm({
              title: t('activities.actions.close'),
              content: t('activities.confirm.close'),
              onOk: () => run(() => activitiesApi.close(a.id), t('activities.done.closed')),
            })
          }
          data-testid="activity-close"
        >
          {t('activities.actions.close')}
        </Button>
      )}
      {a.can.cancel && (
        <Button danger onClick={() => setCancelling(true)} data-testid="activity-cancel">
          {t('activities.actions.cancel')}
        </Button>
      )}
      <Modal
        open={cancelling}
        title={t('activities.confirm.cancelTitle')}
        onCancel={() => setCancelling(false)}
        onOk={() => reasonForm.submit()}
        destroyOnHidden
      >
        <Form
          form={reasonForm}
          layout="vertical"
          onFinish={(v) => {
            setCancelling(false);
            void run(() => activitiesApi.cancel(a.id, v), t('activities.done.cancelled'));
          }}
        >
          <Form.Item
            name="reason"
            label={t('activities.confirm.cancelReason')}
            rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}
          >
            <Input maxLength={200} data-testid="activity-cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function ReportCards({ id }: { id: string }) {
  const { t } = useTranslation();
  const report = useActivityReport(id);
  if (report.isPending) return <PageSkeleton cards={1} />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const cards = [
    { key: 'invited', title: t('activities.report.invited'), value: String(r.invited) },
    { key: 'signedUp', title: t('activities.report.signedUp'), value: String(r.signedUp) },
    { key: 'attended', title: t('activities.report.attended'), value: String(r.attended) },
    { key: 'attendanceRate', title: t('activities.report.attendanceRate'), value: percent(r.attendanceRate) },
    { key: 'cost', title: t('activities.report.cost'), value: formatFen(r.costFen) },
    {
      key: 'costPerAttendee',
      title: t('activities.report.costPerAttendee'),
      value: r.costPerAttendeeFen === null ? '—' : formatFen(r.costPerAttendeeFen),
    },
    { key: 'revenue', title: t('activities.report.revenue', { days: r.revenueDays }), value: formatFen(r.revenueFen) },
    { key: 'revenuePerCost', title: t('activities.report.revenuePerCost'), value: r.revenuePerCost === null ? '—' : `${r.revenuePerCost}` },
  ];
  return (
    <Card
      size="small"
      title={t('activities.report.title')}
      extra={
        <Tooltip title={t('activities.report.revenueHint', { days: r.revenueDays })}>
          <Typography.Text type="secondary">{t('activities.report.payers', { count: r.attendeesWithRevenue })}</Typography.Text>
        </Tooltip>
      }
      data-testid="activity-report"
    >
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={6}>
            <Statistic title={c.title} value={c.value} data-testid={`report-${c.key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** The invitation list; once the activity has begun, attendance is marked by button or key (↑↓, A, N). */
function Invitations({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invitations = useInvitations(activity.id);
  const [cursor, setCursor] = useState(0);
  const [saving, setSaving] = useState<string | null>(null);
  const canMark = activity.can.markAttendance;

  async function mark(invitation: Invitation, value: AttendanceMark) {
    setSaving(invitation.id);
    try {
      await activitiesApi.mark(activity.id, invitation.id, value);
      void message.success(t('activities.done.marked'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(null);
      await queryClient.invalidateQueries({ queryKey: activityKeys.all });
    }
  }

  if (invitations.isPending) return <PageSkeleton cards={1} />;
  if (invitations.isError) return <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  const items = invitations.data.items;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!canMark || items.length === 0) return;
    const current = items[Math.min(cursor, items.length - 1)]!;
    if (event.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, items.length - 1));
    else if (event.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0));
    else if (event.key.toLowerCase() === 'a') void mark(current, 'attended');
    else if (event.key.toLowerCase() === 'n') void mark(current, 'no_show');
    else return;
    event.preventDefault();
  }

  return (
    <Card
      size="small"
      title={t('activities.invitations.title')}
      extra={<Typography.Text type="secondary">{t('activities.invitations.count', { count: items.length })}</Typography.Text>}
    >
      {items.length === 0 ? (
        <EmptyState description={t('activities.invitations.empty')} />
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: the list takes the attendance keys while it has the focus
        <div tabIndex={canMark ? 0 : -1} onKeyDown={onKeyDown} data-testid="invitation-list">
          {canMark && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('activities.invitations.markHint')}
            </Typography.Paragraph>
          )}
          <Table<Invitation>
            rowKey="id"
            size="small"
            dataSource={items}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            rowClassName={(_, index) => (canMark && index === cursor ? 'ant-table-row-selected' : '')}
            onRow={(_, index) => ({ onClick: () => setCursor(index ?? 0), 'data-testid': 'invitation-row' }) as never}
            columns={[
              { title: t('activities.fields.customer'), key: 'customer', render: (_, i) => i.customer.name },
              { title: t('activities.fields.mobile'), key: 'mobile', render: (_, i) => <MobileText mobile={i.customer.mobile} /> },
              {
                title: t('activities.fields.state'),
                key: 'state',
                render: (_, i) => (
                  <Tag color={INVITATION_COLOR[i.state]} data-testid="invitation-state">
                    {t(`activities.invitationStates.${i.state}`)}
                  </Tag>
                ),
              },
              {
                title: t('activities.fields.signedUpAt'),
                key: 'signedUpAt',
                responsive: ['md'],
                render: (_, i) => formatDateTime(i.signedUpAt) ?? '—',
              },
              {
                title: t('activities.fields.sms'),
                key: 'sms',
                responsive: ['lg'],
                render: (_, i) => (i.sms ? t(`activities.sms.${i.sms}`) : '—'),
              },
              ...(canMark
                ? [
                    {
                      title: t('activities.fields.attendance'),
                      key: 'attendance',
                      render: (_: unknown, i: Invitation) => (
                        <Space>
                          <Button
                            size="small"
                            icon={<CheckOutlined />}
                            type={i.state === 'attended' ? 'primary' : 'default'}
                            loading={saving === i.id}
                            onClick={() => void mark(i, 'attended')}
                            data-testid="mark-attended"
                          >
                            {t('activities.actions.attended')}
                          </Button>
                          <Button
                            size="small"
                            icon={<CloseOutlined />}
                            danger={i.state === 'no_show'}
                            onClick={() => void mark(i, 'no_show')}
                            data-testid="mark-no-show"
                          >
                            {t('activities.actions.noShow')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </div>
      )}
    </Card>
  );
}
