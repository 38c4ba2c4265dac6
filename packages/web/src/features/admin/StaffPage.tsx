import { LockOutlined, PlusOutlined, ScheduleOutlined, UnlockOutlined } from '@ant-design/icons';
import type { Role, StaffUser } from '@servicebay/contracts';
import { DEALER_ROLES, OEM_ROLES } from '@servicebay/contracts/constants';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { adminApi, useStaff } from '../../api/admin';
import { useDealers } from '../../api/network';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { FormDrawer } from '../../components/FormDrawer';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ErrorState } from '../../components/PageState';
import { ArchiveDownloadCard } from './ArchiveDownloadCard';
import { roleLabel } from './roles';

type StaffForm = { login?: string; displayName: string; roles: Role[]; password?: string };

/** 员工与角色: add staff, change roles, disable, reset a password, unlock. The car maker's admin also picks a dealer. */
export function StaffPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useUser();
  const carMaker = me.dealer === null;
  const canRoster = useCan('appointment.settings');
  const dealers = useDealers(carMaker);
  const [params] = useSearchParams();
  const [dealerId, setDealerId] = useState<string | null>(params.get('dealer'));
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const staff = useStaff(carMaker ? dealerId : null, includeDisabled);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<StaffUser | 'new' | null>(null);
  const [passwordFor, setPasswordFor] = useState<StaffUser | null>(null);
  const [form] = Form.useForm<StaffForm>();
  const [passwordForm] = Form.useForm<{ password: string }>();
  const idempotency = useIdempotencyKey();
  const forDealer = carMaker ? dealerId : me.dealer!.id;
  const roleOptions = (forDealer ? DEALER_ROLES : OEM_ROLES).map((r) => ({ value: r, label: roleLabel(r) }));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'staff'] });
  const save = useMutation({
    mutationFn: (values: StaffForm) =>
      editing === 'new'
        ? adminApi.addStaff(
            { login: values.login!, displayName: values.displayName, roles: values.roles, password: values.password!, dealerId: forDealer },
            idempotency.keyFor(values),
          )
        : adminApi.editStaff((editing as StaffUser).id, { displayName: values.displayName, roles: values.roles }),
    onSuccess: () => {
      idempotency.reset();
      void refresh();
      setEditing(null);
      void message.success(t('common.saved'));
    },
    onError: (error) => applyProblemToForm(form, error).forEach((text) => void message.error(text)),
  });
  const act = useMutation({
    mutationFn: ({ user, action }: { user: StaffUser; action: 'disable' | 'enable' | 'unlock' }) => adminApi[action](user.id),
    onSuccess: (_user, { action }) => {
      void refresh();
      void message.success(t(`admin.staff.done.${action}`));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const reset = useMutation({
    mutationFn: (password: string) => adminApi.resetPassword(passwordFor!.id, password),
    onSuccess: () => {
      setPasswordFor(null);
      void refresh();
      void message.success(t('admin.staff.done.password'));
    },
    onError: (error) => applyProblemToForm(passwordForm, error).forEach((text) => void message.error(text)),
  });

  function openEditor(user: StaffUser | 'new') {
    form.resetFields();
    if (user !== 'new') form.setFieldsValue({ displayName: user.displayName, roles: user.roles });
    setEditing(user);
  }

  function confirmDisable(user: StaffUser) {
    modal.confirm({
      title: t('admin.staff.disableTitle', { name: user.displayName }),
      content: t('admin.staff.disableContent'),
      okText: t('admin.staff.disable'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ user, action: 'disable' }),
    });
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="admin-staff">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('admin.staff.title')}
        </Typography.Title>
        <Space wrap>
          {canRoster && !carMaker && (
            <Link to="/settings/appointments">
              <Button size="large" icon={<ScheduleOutlined />}>
                {t('admin.staff.roster')}
              </Button>
            </Link>
          )}
          <Button size="large" type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')} data-testid="staff-add">
            {t('admin.staff.add')}
          </Button>
        </Space>
      </div>
      <Space wrap>
        {carMaker && (
          <Select
            size="large"
            style={{ minWidth: 240 }}
            value={dealerId ?? ''}
            onChange={(v) => setDealerId(v || null)}
            aria-label={t('admin.staff.whose')}
            options={[
              { value: '', label: t('admin.staff.carMakerStaff') },
              ...(dealers.data ?? []).map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` })),
            ]}
            data-testid="staff-dealer"
          />
        )}
        <Space>
          <Switch checked={includeDisabled} onChange={setIncludeDisabled} aria-label={t('admin.staff.showDisabled')} />
          <Typography.Text>{t('admin.staff.showDisabled')}</Typography.Text>
        </Space>
      </Space>
      {staff.isError ? (
        <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<StaffUser>
            rowKey="id"
            loading={staff.isLoading}
            dataSource={staff.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('admin.staff.empty')} /> }}
            columns={[
              {
                title: t('admin.staff.login'),
                dataIndex: 'login',
                render: (login: string, u) => (u.disabledAt ? <Typography.Text delete>{login}</Typography.Text> : login),
              },
              { title: t('admin.staff.name'), dataIndex: 'displayName' },
              {
                title: t('admin.staff.roles'),
                dataIndex: 'roles',
                render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>),
              },
              {
                title: t('admin.staff.status'),
                key: 'status',
                render: (_: unknown, u) =>
                  u.disabledAt ? (
                    <Tag>{t('admin.staff.disabled')}</Tag>
                  ) : u.lockedUntil ? (
                    <Tag color="red" icon={<LockOutlined />}>
                      {t('admin.staff.lockedUntil', { time: formatDateTime(u.lockedUntil) })}
                    </Tag>
                  ) : (
                    <Tag color="green">{t('admin.staff.active')}</Tag>
                  ),
              },
              {
                title: t('admin.staff.actions'),
                key: 'actions',
                render: (_: unknown, u) => (
                  <Space wrap size={4}>
                    <Button size="small" onClick={() => openEditor(u)} data-testid="staff-edit">
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => {
                        passwordForm.resetFields();
                        setPasswordFor(u);
                      }}
                      data-testid="staff-reset-password"
                    >
                      {t('admin.staff.resetPassword')}
                    </Button>
                    {u.lockedUntil && (
                      <Button
                        size="small"
                        icon={<UnlockOutlined />}
                        onClick={() => act.mutate({ user: u, action: 'unlock' })}
                        data-testid="staff-unlock"
                      >
                        {t('admin.staff.unlock')}
                      </Button>
                    )}
                    {u.disabledAt ? (
                      <Button size="small" onClick={() => act.mutate({ user: u, action: 'enable' })} data-testid="staff-enable">
                        {t('admin.staff.enable')}
                      </Button>
                    ) : (
                      u.id !== me.id && (
                        <Button size="small" danger onClick={() => confirmDisable(u)} data-testid="staff-disable">
                          {t('admin.staff.disable')}
                        </Button>
                      )
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('admin.staff.add') : t('admin.staff.edit')}
        form={form}
        saving={save.isPending}
        onClose={() => setEditing(null)}
        data-testid="staff-drawer"
      >
        <Form form={form} layout="vertical" size="large" onFinish={(values) => save.mutate(values)}>
          {editing === 'new' && (
            <Form.Item
              name="login"
              label={t('admin.staff.login')}
              extra={t('admin.staff.loginHint')}
              rules={[
                { required: true, message: t('errors.codes.required') },
                { pattern: /^[A-Za-z0-9._-]{3,80}$/, message: t('errors.codes.invalid_login') },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item
            name="displayName"
            label={t('admin.staff.name')}
            rules={[{ required: true, message: t('errors.codes.required') }, { max: 80 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.staff.roles')} rules={[{ required: true, message: t('errors.codes.required') }]}>
            <Select mode="multiple" options={roleOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              name="password"
              label={t('admin.staff.password')}
              extra={t('admin.staff.passwordHint')}
              rules={[
                { required: true, message: t('errors.codes.required') },
                { min: 8, message: t('errors.codes.too_short') },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
      </FormDrawer>

      <Modal
        open={passwordFor !== null}
        title={t('admin.staff.resetPasswordFor', { name: passwordFor?.displayName ?? '' })}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={reset.isPending}
        onOk={() => passwordForm.submit()}
        onCancel={() => setPasswordFor(null)}
        destroyOnHidden
      >
        <Form form={passwordForm} layout="vertical" size="large" onFinish={(values) => reset.mutate(values.password)}>
          <Form.Item
            name="password"
            label={t('admin.staff.newPassword')}
            extra={t('admin.staff.resetHint')}
            rules={[
              { required: true, message: t('errors.codes.required') },
              { min: 8, message: t('errors.codes.too_short') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <ArchiveDownloadCard />
    </div>
  );
}
