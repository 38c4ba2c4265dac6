import { KeyOutlined } from '@ant-design/icons';
import type { ApiToken } from '@servicebay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, adminKeys, useApiTokens } from '../../api/admin';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ErrorState } from '../../components/PageState';
import { AdminListHeader, SecretShownOnce } from './AdminListPage';

/** 接口令牌: integration API tokens. A new token is shown once; a revoked one stops working at once. */
export function TokensPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const tokens = useApiTokens();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const idempotency = useIdempotencyKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.tokens });

  const create = useMutation({
    mutationFn: (name: string) => adminApi.createToken(name, idempotency.keyFor(name)),
    onSuccess: (created) => {
      idempotency.reset();
      setCreating(false);
      setSecret(created.token);
      void refresh();
    },
    onError: (error) => applyProblemToForm(form, error).forEach((text) => void message.error(text)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => adminApi.revokeToken(id),
    onSuccess: () => {
      void refresh();
      void message.success(t('admin.tokens.revoked'));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  function confirmRevoke(token: ApiToken) {
    modal.confirm({
      title: t('admin.tokens.revokeTitle', { name: token.name }),
      content: t('admin.tokens.revokeContent'),
      okText: t('admin.tokens.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(token.id),
    });
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="admin-tokens">
      <AdminListHeader
        title={t('admin.tokens.title')}
        hint={t('admin.tokens.hint')}
        addLabel={t('admin.tokens.create')}
        addTestId="token-add"
        onAdd={() => {
          form.resetFields();
          setCreating(true);
        }}
      />
      {tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<ApiToken>
            rowKey="id"
            loading={tokens.isLoading}
            dataSource={tokens.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('admin.tokens.empty')} /> }}
            columns={[
              {
                title: t('admin.tokens.name'),
                dataIndex: 'name',
                render: (name: string) => (
                  <>
                    <KeyOutlined /> {name}
                  </>
                ),
              },
              {
                title: t('admin.tokens.owner'),
                key: 'user',
                render: (_: unknown, token) => `${token.user.displayName} (${token.user.login})`,
              },
              { title: t('admin.tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              {
                title: t('admin.tokens.lastUsedAt'),
                dataIndex: 'lastUsedAt',
                render: (v: string | null) => formatDateTime(v) ?? t('common.none'),
              },
              {
                title: t('admin.staff.status'),
                key: 'status',
                render: (_: unknown, token) =>
                  token.revokedAt ? (
                    <Tag>{t('admin.tokens.revokedAt', { time: formatDateTime(token.revokedAt) })}</Tag>
                  ) : (
                    <Tag color="green">{t('admin.staff.active')}</Tag>
                  ),
              },
              {
                title: t('admin.staff.actions'),
                key: 'actions',
                render: (_: unknown, token) =>
                  !token.revokedAt && (
                    <Button size="small" danger onClick={() => confirmRevoke(token)}>
                      {t('admin.tokens.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}

      <Modal
        open={creating}
        title={t('admin.tokens.create')}
        okText={t('admin.tokens.create')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" size="large" onFinish={(values) => create.mutate(values.name)}>
          <Form.Item
            name="name"
            label={t('admin.tokens.name')}
            extra={t('admin.tokens.nameHint')}
            rules={[{ required: true, message: t('errors.codes.required') }, { max: 80 }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>

      <SecretShownOnce
        secret={secret}
        title={t('admin.tokens.createdTitle')}
        warning={t('admin.tokens.showOnce')}
        testId="token-secret"
        onClose={() => setSecret(null)}
      />
    </div>
  );
}
