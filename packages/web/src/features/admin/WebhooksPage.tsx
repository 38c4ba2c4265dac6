import { WEBHOOK_EVENT_TYPES, type WebhookInput } from '@servicebay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Drawer, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { useWebhookDeliveries, useWebhooks, type Webhook, type WebhookDelivery, webhookKeys, webhooksApi } from '../../api/webhooks';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ErrorState } from '../../components/PageState';
import { AdminListHeader, SecretShownOnce } from './AdminListPage';

const STATUS_COLOR: Record<WebhookDelivery['status'], string> = { pending: 'blue', delivered: 'green', failed: 'orange', gave_up: 'red' };

/** Webhooks: other systems subscribe to the dealer's events. A new subscription's secret is shown once. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const webhooks = useWebhooks();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const deliveries = useWebhookDeliveries(logOf?.id ?? null);
  const [form] = Form.useForm<WebhookInput>();
  const idempotency = useIdempotencyKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhookKeys.all });

  const create = useMutation({
    mutationFn: (input: WebhookInput) => webhooksApi.create(input, idempotency.keyFor(JSON.stringify(input))),
    onSuccess: (created) => {
      idempotency.reset();
      setCreating(false);
      setSecret(created.secret);
      void refresh();
    },
    onError: (error) => applyProblemToForm(form, error).forEach((text) => void message.error(text)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => webhooksApi.remove(id),
    onSuccess: () => void refresh(),
    onError: (error) => void message.error(errorMessage(error)),
  });
  const ping = useMutation({
    mutationFn: (id: string) => webhooksApi.ping(id),
    onSuccess: (result) => {
      if (result.delivered) void message.success(t('webhooks.pingOk'));
      else void message.error(t('webhooks.pingFailed', { error: result.delivery.lastError ?? '' }));
      void refresh();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const replay = useMutation({
    mutationFn: (id: string) => webhooksApi.replay(id),
    onSuccess: () => {
      void message.success(t('webhooks.replayed'));
      if (logOf) void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(logOf.id) });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  function confirmDelete(webhook: Webhook) {
    modal.confirm({
      title: t('webhooks.deleteTitle', { url: webhook.url }),
      okText: t('webhooks.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(webhook.id),
    });
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="admin-webhooks">
      <AdminListHeader
        title={t('webhooks.title')}
        hint={t('webhooks.hint')}
        addLabel={t('webhooks.create')}
        onAdd={() => {
          form.resetFields();
          setCreating(true);
        }}
      />
      {webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Webhook>
            rowKey="id"
            loading={webhooks.isLoading}
            dataSource={webhooks.data ?? []}
            pagination={false}
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('webhooks.empty')} /> }}
            columns={[
              { title: t('webhooks.url'), dataIndex: 'url', render: (url: string) => <Typography.Text code>{url}</Typography.Text> },
              {
                title: t('webhooks.events'),
                dataIndex: 'events',
                render: (events: string[]) => events.map((e) => <Tag key={e}>{e}</Tag>),
              },
              {
                title: t('webhooks.status'),
                key: 'status',
                render: (_: unknown, w) =>
                  w.active ? (
                    <Tag color="green">{t('webhooks.active')}</Tag>
                  ) : (
                    <Tag color="red">{t('webhooks.disabledAt', { time: formatDateTime(w.disabledAt) })}</Tag>
                  ),
              },
              { title: t('webhooks.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              {
                title: t('webhooks.actions'),
                key: 'actions',
                render: (_: unknown, w) => (
                  <Space>
                    <Button size="small" loading={ping.isPending && ping.variables === w.id} onClick={() => ping.mutate(w.id)}>
                      {t('webhooks.ping')}
                    </Button>
                    <Button size="small" onClick={() => setLogOf(w)}>
                      {t('webhooks.log')}
                    </Button>
                    <Button size="small" danger onClick={() => confirmDelete(w)}>
                      {t('webhooks.delete')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      <Modal
        open={creating}
        title={t('webhooks.create')}
        okText={t('webhooks.create')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" size="large" onFinish={(values) => create.mutate(values)}>
          <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, message: t('errors.codes.required') }, { max: 500 }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, message: t('errors.codes.required') }]}>
            <Checkbox.Group options={WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: e }))} />
          </Form.Item>
        </Form>
      </Modal>

      <SecretShownOnce
        secret={secret}
        title={t('webhooks.createdTitle')}
        warning={t('webhooks.showOnce')}
        testId="webhook-secret"
        onClose={() => setSecret(null)}
      />

      <Drawer open={logOf !== null} onClose={() => setLogOf(null)} title={t('webhooks.log')} size="large">
        <Table<WebhookDelivery>
          rowKey="id"
          size="small"
          loading={deliveries.isLoading}
          dataSource={deliveries.data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('webhooks.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('webhooks.dealer'), key: 'dealer', render: (_: unknown, d) => d.payload.dealer.code },
            { title: t('webhooks.event'), dataIndex: 'eventType' },
            {
              title: t('webhooks.status'),
              dataIndex: 'status',
              render: (s: WebhookDelivery['status']) => <Tag color={STATUS_COLOR[s]}>{t(`webhooks.deliveryStatus.${s}`)}</Tag>,
            },
            { title: t('webhooks.attempts'), dataIndex: 'attempts' },
            { title: t('webhooks.lastError'), key: 'last', render: (_: unknown, d) => d.lastError ?? d.lastStatusCode ?? '' },
            {
              title: t('webhooks.actions'),
              key: 'actions',
              render: (_: unknown, d) => (
                <Button size="small" onClick={() => replay.mutate(d.id)}>
                  {t('webhooks.replay')}
                </Button>
              ),
            },
          ]}
        />
      </Drawer>
    </div>
  );
}
