import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { Dealer } from '@servicebay/contracts';
import { DEALER_GRADES } from '@servicebay/contracts/constants';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { adminApi } from '../../api/admin';
import { useDealers } from '../../api/network';
import { applyProblemToForm } from '../../api/problems';
import { FormDrawer } from '../../components/FormDrawer';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { ErrorState } from '../../components/PageState';

type DealerForm = {
  code?: string;
  name: string;
  grade: Dealer['grade'];
  city: string;
  timeZone?: string;
  opensAt: string;
  closesAt: string;
};
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 经销商管理 (car maker): the network's dealers, add and edit; their staff are one click away. */
export function DealersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dealers = useDealers();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Dealer | 'new' | null>(null);
  const [form] = Form.useForm<DealerForm>();
  const idempotency = useIdempotencyKey();

  const save = useMutation({
    mutationFn: (v: DealerForm) => {
      const openingHours = { opensAt: v.opensAt, closesAt: v.closesAt };
      return editing === 'new'
        ? adminApi.addDealer(
            { code: v.code!, name: v.name, grade: v.grade, city: v.city, timeZone: v.timeZone || 'Asia/Shanghai', openingHours },
            idempotency.keyFor(v),
          )
        : adminApi.editDealer((editing as Dealer).id, { name: v.name, grade: v.grade, city: v.city, openingHours });
    },
    onSuccess: () => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: ['dealers'] });
      setEditing(null);
      void message.success(t('common.saved'));
    },
    onError: (error) =>
      applyProblemToForm(form, error, { 'openingHours.opensAt': 'opensAt', 'openingHours.closesAt': 'closesAt' }).forEach(
        (text) => void message.error(text),
      ),
  });

  function openEditor(dealer: Dealer | 'new') {
    form.resetFields();
    form.setFieldsValue(
      dealer === 'new'
        ? { grade: 'C', timeZone: 'Asia/Shanghai', opensAt: '08:30', closesAt: '18:00' }
        : {
            name: dealer.name,
            grade: dealer.grade,
            city: dealer.city,
            opensAt: dealer.openingHours.opensAt,
            closesAt: dealer.openingHours.closesAt,
          },
    );
    setEditing(dealer);
  }

  const required = { required: true, message: t('errors.codes.required') };
  const time = { pattern: HHMM, message: t('errors.codes.invalid_time') };

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="admin-dealers">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('admin.dealers.title')}
        </Typography.Title>
        <Button size="large" type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')} data-testid="dealer-add">
          {t('admin.dealers.add')}
        </Button>
      </div>
      {dealers.isError ? (
        <ErrorState error={dealers.error} onRetry={() => void dealers.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Dealer>
            rowKey="id"
            loading={dealers.isLoading}
            dataSource={dealers.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('admin.dealers.empty')} /> }}
            columns={[
              { title: t('admin.dealers.code'), dataIndex: 'code' },
              { title: t('admin.dealers.name'), dataIndex: 'name' },
              { title: t('admin.dealers.grade'), dataIndex: 'grade' },
              { title: t('admin.dealers.city'), dataIndex: 'city' },
              {
                title: t('admin.dealers.hours'),
                key: 'hours',
                render: (_: unknown, d) => `${d.openingHours.opensAt}–${d.openingHours.closesAt}`,
              },
              {
                title: t('admin.staff.actions'),
                key: 'actions',
                render: (_: unknown, d) => (
                  <>
                    <Button size="small" onClick={() => openEditor(d)}>
                      {t('common.edit')}
                    </Button>{' '}
                    <Link to={`/admin/staff?dealer=${d.id}`}>
                      <Button size="small" icon={<TeamOutlined />}>
                        {t('admin.dealers.staff')}
                      </Button>
                    </Link>
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}

      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('admin.dealers.add') : t('admin.dealers.edit')}
        form={form}
        saving={save.isPending}
        onClose={() => setEditing(null)}
        data-testid="dealer-drawer"
      >
        <Form form={form} layout="vertical" size="large" onFinish={(values) => save.mutate(values)}>
          {editing === 'new' && (
            <Form.Item
              name="code"
              label={t('admin.dealers.code')}
              extra={t('admin.dealers.codeHint')}
              rules={[required, { pattern: /^[A-Za-z0-9]{2,12}$/, message: t('errors.codes.invalid_code') }]}
            >
              <Input style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('admin.dealers.name')} rules={[required, { max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="grade" label={t('admin.dealers.grade')} rules={[required]}>
            <Select options={DEALER_GRADES.map((g) => ({ value: g, label: g }))} />
          </Form.Item>
          <Form.Item name="city" label={t('admin.dealers.city')} rules={[required, { max: 50 }]}>
            <Input />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item name="timeZone" label={t('admin.dealers.timeZone')}>
              <Input />
            </Form.Item>
          )}
          <div style={{ display: 'flex', gap: 12 }}>
            <Form.Item name="opensAt" label={t('admin.dealers.opensAt')} rules={[required, time]} style={{ flex: 1 }}>
              <Input placeholder="08:30" />
            </Form.Item>
            <Form.Item name="closesAt" label={t('admin.dealers.closesAt')} rules={[required, time]} style={{ flex: 1 }}>
              <Input placeholder="18:00" />
            </Form.Item>
          </div>
        </Form>
      </FormDrawer>
    </div>
  );
}
