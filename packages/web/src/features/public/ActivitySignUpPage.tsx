import { CalendarOutlined, CheckCircleOutlined, EnvironmentOutlined, PhoneOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { activityKeys, type PublicInvitation, publicActivityApi, usePublicInvitation } from '../../api/activities';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { linkPath } from '../../api/publicLink';
import { PublicLayout } from './PublicLayout';

/** The activity's time on the dealer's wall clock, e.g. 2026-12-05 09:00–17:00. */
function whenText(activity: PublicInvitation['activity']): string {
  const starts = dayjs(activity.startsAt).tz(activity.timeZone);
  const ends = dayjs(activity.endsAt).tz(activity.timeZone);
  return `${starts.format('YYYY-MM-DD HH:mm')}–${ends.format(starts.isSame(ends, 'day') ? 'HH:mm' : 'YYYY-MM-DD HH:mm')}`;
}

/** 活动报名 /activity/:dealerCode/:token — the invited customer signs up or cancels on their phone, from the SMS link, without logging in. */
export function ActivitySignUpPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const link = linkPath(useParams());
  const queryClient = useQueryClient();
  const invitation = usePublicInvitation(link);
  const [busy, setBusy] = useState(false);

  if (invitation.error instanceof ApiError && (invitation.error.status === 404 || invitation.error.status === 400)) {
    return (
      <PublicLayout tagline={t('activities.public.tagline')}>
        <Result
          status="warning"
          icon={<QuestionCircleOutlined />}
          title={t('activities.public.invalid')}
          subTitle={t('activities.public.invalidHint')}
          data-testid="activity-invalid"
        />
      </PublicLayout>
    );
  }
  if (!invitation.data) {
    return (
      <PublicLayout tagline={t('activities.public.tagline')}>
        {invitation.isError ? (
          <Result
            status="warning"
            title={t('common.loadFailed')}
            subTitle={errorMessage(invitation.error)}
            extra={<Button onClick={() => void invitation.refetch()}>{t('common.retry')}</Button>}
          />
        ) : (
          <Card>
            <Skeleton active paragraph={{ rows: 5 }} />
          </Card>
        )}
      </PublicLayout>
    );
  }
  const v = invitation.data;

  async function step(run: () => Promise<PublicInvitation>, done: string) {
    setBusy(true);
    try {
      queryClient.setQueryData(activityKeys.public(link), await run());
      void message.success(done);
    } catch (error) {
      void message.error(errorMessage(error));
      await invitation.refetch();
    } finally {
      setBusy(false);
    }
  }

  const status =
    v.activity.state === 'cancelled'
      ? t('activities.public.activityCancelled')
      : v.state === 'signed_up'
        ? t('activities.public.signedUp')
        : v.state === 'attended'
          ? t('activities.public.attended')
          : v.state === 'no_show'
            ? t('activities.public.noShow')
            : v.closedBecause
              ? t(`activities.public.closed.${v.closedBecause}`)
              : v.state === 'cancelled'
                ? t('activities.public.cancelled')
                : t('activities.public.invited');
  const good = v.state === 'signed_up' || v.state === 'attended';

  return (
    <PublicLayout dealerName={v.dealer.name} tagline={t('activities.public.tagline')}>
      <div style={{ display: 'grid', gap: 12 }} data-testid="activity-signup-page">
        <Typography.Text type="secondary">{t('activities.public.greeting', { name: v.customerName })}</Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="activity-public-title">
          {v.activity.title}
        </Typography.Title>
        <Tag style={{ justifySelf: 'start' }}>{t(`activities.kinds.${v.activity.kind}`)}</Tag>
        <Card size="small">
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text>
              <CalendarOutlined /> {t('activities.public.when')}: <span data-testid="activity-public-when">{whenText(v.activity)}</span>
            </Typography.Text>
            <Typography.Text>
              <EnvironmentOutlined /> {t('activities.public.where')}: {v.activity.place}
            </Typography.Text>
            {v.activity.content && (
              <Typography.Paragraph style={{ margin: 0 }}>
                {t('activities.public.what')}: {v.activity.content}
              </Typography.Paragraph>
            )}
          </Space>
        </Card>
        <Alert
          type={good ? 'success' : v.activity.state === 'cancelled' || v.closedBecause ? 'warning' : 'info'}
          showIcon
          icon={good ? <CheckCircleOutlined /> : undefined}
          message={status}
          data-testid="activity-public-status"
        />
        {v.canSignUp && (
          <Button
            type="primary"
            size="large"
            block
            loading={busy}
            onClick={() => void step(() => publicActivityApi.signUp(link), t('activities.public.signedUpToast'))}
            data-testid="activity-sign-up"
          >
            {t('activities.public.signUp')}
          </Button>
        )}
        {v.canCancel && (
          <Button
            size="large"
            block
            danger={v.state === 'signed_up'}
            loading={busy}
            onClick={() => void step(() => publicActivityApi.cancel(link), t('activities.public.cancelledToast'))}
            data-testid="activity-cancel-sign-up"
          >
            {v.state === 'signed_up' ? t('activities.public.cancel') : t('activities.public.decline')}
          </Button>
        )}
        {v.dealer.phone && (
          <Button size="large" block href={`tel:${v.dealer.phone}`} icon={<PhoneOutlined />}>
            {t('activities.public.call', { phone: v.dealer.phone })}
          </Button>
        )}
      </div>
    </PublicLayout>
  );
}
