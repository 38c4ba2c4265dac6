import type { ActivityAudience, CustomerSegment, CustomerTier, RetentionPriority } from '@servicebay/contracts';
import { CUSTOMER_SEGMENTS, CUSTOMER_TIERS, RETENTION_PRIORITIES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActivityInvitePreview, type ActivityInviteResult, activitiesApi, activityKeys } from '../../api/activities';
import { errorMessage } from '../../api/problems';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';

type Filter = { segments?: CustomerSegment[]; tiers?: CustomerTier[]; priority?: RetentionPriority };

const audienceOf = (f: Filter): ActivityAudience | null => {
  const audience = {
    ...(f.segments?.length ? { segments: f.segments } : {}),
    ...(f.tiers?.length ? { tiers: f.tiers } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
  };
  return Object.keys(audience).length ? audience : null;
};

/** 邀约客户: a customer-value filter, how many it would invite (and why not the others), then the SMS go out. */
export function InviteDialog({ activityId, open, onClose }: { activityId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>({});
  const [preview, setPreview] = useState<ActivityInvitePreview | null>(null);
  const [result, setResult] = useState<ActivityInviteResult | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotency = useIdempotencyKey();
  const audience = audienceOf(filter);

  function change(next: Filter) {
    setFilter(next);
    setPreview(null);
  }

  function close() {
    setFilter({});
    setPreview(null);
    setResult(null);
    onClose();
  }

  async function count() {
    if (!audience) return;
    setBusy(true);
    try {
      setPreview(await activitiesApi.preview(activityId, audience));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    if (!audience) return;
    setBusy(true);
    try {
      setResult(await activitiesApi.invite(activityId, audience, idempotency.keyFor(audience)));
      idempotency.reset();
      await queryClient.invalidateQueries({ queryKey: activityKeys.all });
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('activities.invite.title')}
      onCancel={close}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={close} data-testid="invite-done">
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={() => void count()} disabled={!audience} loading={busy && !preview} data-testid="invite-preview">
              {t('activities.invite.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => void send()}
              disabled={!preview || preview.overCap || preview.toInvite === 0}
              loading={busy && !!preview}
              data-testid="invite-send"
            >
              {t('activities.invite.send')}
            </Button>
          </Space>
        )
      }
      data-testid="invite-dialog"
    >
      {result ? (
        <Result status="success" title={t('activities.invite.result', result)} data-testid="invite-result" />
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">{t('activities.invite.hint')}</Typography.Paragraph>
          <Form.Item label={t('activities.invite.segments')}>
            <Select<CustomerSegment[]>
              mode="multiple"
              allowClear
              value={filter.segments ?? []}
              onChange={(segments) => change({ ...filter, segments })}
              options={CUSTOMER_SEGMENTS.map((s) => ({ value: s, label: t(`customerValue.segments.${s}`) }))}
              data-testid="invite-segments"
            />
          </Form.Item>
          <Form.Item label={t('activities.invite.tiers')}>
            <Select<CustomerTier[]>
              mode="multiple"
              allowClear
              value={filter.tiers ?? []}
              onChange={(tiers) => change({ ...filter, tiers })}
              options={CUSTOMER_TIERS.map((s) => ({ value: s, label: t(`customerValue.tiers.${s}`) }))}
              data-testid="invite-tiers"
            />
          </Form.Item>
          <Form.Item label={t('activities.invite.priority')}>
            <Select<RetentionPriority>
              allowClear
              value={filter.priority}
              onChange={(priority) => change({ ...filter, ...(priority ? { priority } : { priority: undefined }) })}
              options={RETENTION_PRIORITIES.map((s) => ({ value: s, label: t(`customerValue.priorities.${s}`) }))}
              data-testid="invite-priority"
            />
          </Form.Item>
          {!audience && <Typography.Text type="secondary">{t('activities.invite.pickFilter')}</Typography.Text>}
          {preview &&
            (preview.overCap ? (
              <Alert type="warning" showIcon message={t('activities.invite.overCap', { cap: preview.cap })} data-testid="invite-overcap" />
            ) : (
              <Alert type="info" showIcon message={t('activities.invite.previewLine', preview)} data-testid="invite-count" />
            ))}
        </Form>
      )}
    </Modal>
  );
}
