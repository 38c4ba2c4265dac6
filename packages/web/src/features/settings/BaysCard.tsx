import { PlusOutlined } from '@ant-design/icons';
import { bayInputSchema } from '@servicebay/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentKeys, appointmentsApi, type Bay } from '../../api/appointments';
import { applyProblemToForm, hasTranslation } from '../../api/problems';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState } from '../../components/PageState';
import i18n from '../../i18n';

const KINDS = ['general', 'express', 'alignment', 'ev', 'body_paint'] as const;
type Translate = (key: string) => string;
const kindLabel = (kind: string) => (hasTranslation(`bays.kinds.${kind}`) ? (i18n.t as unknown as Translate)(`bays.kinds.${kind}`) : kind);

/** 工位: the workshop's bays, where appointments are reserved a place. */
export function BaysCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const bays = useQuery({ queryKey: appointmentKeys.bays, queryFn: () => appointmentsApi.bays().then((r) => r.items) });
  const [form] = Form.useForm<{ name: string; kind: string }>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);

  async function add(values: { name: string; kind: string }) {
    const input = { name: values.name.trim(), kind: values.kind };
    setSaving(true);
    try {
      const bay = await appointmentsApi.addBay(input, idempotency.keyFor(input));
      idempotency.reset();
      void message.success(t('bays.added', { name: bay.name }));
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: appointmentKeys.bays });
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('bays.title')} data-testid="bays">
      <Form
        form={form}
        layout="inline"
        initialValues={{ name: '', kind: 'general' }}
        onFinish={(v) => void add(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="name" style={{ flex: '1 1 160px' }} rules={[zodRule(bayInputSchema.shape.name, { label: t('bays.name') })]}>
          <Input placeholder={t('bays.namePlaceholder')} maxLength={40} data-testid="bay-name" />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 130 }} options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving} data-testid="bay-add">
          {t('bays.add')}
        </Button>
      </Form>
      {bays.isError ? (
        <ErrorState error={bays.error} onRetry={() => void bays.refetch()} />
      ) : (
        <Table<Bay>
          size="small"
          rowKey="id"
          loading={bays.isPending}
          pagination={false}
          dataSource={bays.data ?? []}
          locale={{ emptyText: t('bays.empty') }}
          columns={[
            { title: t('bays.name'), dataIndex: 'name' },
            { title: t('bays.kind'), dataIndex: 'kind', render: (v: string) => kindLabel(v) },
            {
              title: t('bays.status'),
              dataIndex: 'active',
              render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('bays.active') : t('bays.inactive')}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}
