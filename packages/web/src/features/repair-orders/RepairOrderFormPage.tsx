import { SaveOutlined } from '@ant-design/icons';
import { repairOrderCreateSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { appointmentsApi } from '../../api/appointments';
import { ApiError } from '../../api/client';
import { applyProblemToForm } from '../../api/problems';
import { type LabourOperation, type RepairOrder, roApi, roKeys, useCatalogue, useRepairOrder, useVisit } from '../../api/repairOrders';
import { getDisplayTimeZone } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { OdometerLowerHint, useLastReading } from '../vehicles/OdometerLowerHint';
import { type LineDraft, LinesEditor, linesToInput, newLineKey } from './LinesEditor';
import { RoQuote } from './RoQuote';
import { VisitHeader } from './VisitPage';

type Values = {
  concerns: string;
  diagnosis?: string;
  promisedAt?: Dayjs | null;
  odometerKm?: number | null;
  odometerReplaced?: boolean;
  packageIds?: string[];
  lines?: LineDraft[];
};

/** The picker shows the dealer's wall clock; the API gets the instant. */
const toInstant = (value: Dayjs | null | undefined) =>
  value ? dayjs.tz(value.format('YYYY-MM-DDTHH:mm:00'), getDisplayTimeZone()).format() : undefined;
const toPicker = (iso: string) => dayjs(dayjs(iso).tz(getDisplayTimeZone()).format('YYYY-MM-DDTHH:mm'));
const shape = repairOrderCreateSchema.shape;

/** The saved lines as drafts (parts are found again by their number to get their id). */
async function draftsOf(order: RepairOrder, ops: LabourOperation[]): Promise<LineDraft[]> {
  return Promise.all(
    order.lines.map(async (line): Promise<LineDraft> => {
      const base = { key: newLineKey(), payType: line.payType, discountPercent: line.discountPercent };
      if (line.kind === 'labour') {
        const op = line.code ? ops.find((o) => o.code === line.code) : undefined;
        return op
          ? { ...base, kind: 'labour', labourOperationId: op.id }
          : { ...base, kind: 'labour', description: line.description, hours: line.hours };
      }
      const found = line.code
        ? (await appointmentsApi.parts(line.code).catch(() => ({ items: [] }))).items.find((p) => p.partNumber === line.code)
        : undefined;
      return {
        ...base,
        kind: 'parts',
        partId: found?.id,
        partLabel: found ? `${found.partNumber} ${found.name}` : line.description,
        unitPriceFen: found?.priceFen ?? line.unitPriceFen,
        quantity: line.quantity,
      };
    }),
  );
}

function RoForm({ visitId, order }: { visitId: string; order?: RepairOrder }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const catalogue = useCatalogue();
  const visit = useVisit(visitId);
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const [loadingLines, setLoadingLines] = useState(!!order);
  const ops = catalogue.data?.labourOperations ?? [];
  // The mileage-in is checked against the last reading before this visit (the walk-around's is this visit's own).
  const lastReading = useLastReading(
    visit.data?.vehicle.id,
    visit.data ? dayjs(visit.data.arrivedAt).tz(getDisplayTimeZone()).format('YYYY-MM-DD') : undefined,
  );
  const odometerKm = Form.useWatch('odometerKm', form);
  // The live quote follows every change of the lines and packages.
  const draftLines = Form.useWatch('lines', form);
  const packageIds = Form.useWatch('packageIds', form);

  useEffect(() => {
    if (!order || !catalogue.data) return;
    let live = true;
    void draftsOf(order, catalogue.data.labourOperations).then((lines) => {
      if (!live) return;
      form.setFieldsValue({ lines });
      setLoadingLines(false);
    });
    return () => {
      live = false;
    };
  }, [order, catalogue.data, form]);

  async function submit(values: Values) {
    const { lines, incomplete } = linesToInput(values.lines ?? []);
    if (incomplete > 0) {
      void message.warning(t('roForm.incompleteLines', { count: incomplete }));
      return;
    }
    const body = {
      concerns: values.concerns.trim(),
      diagnosis: values.diagnosis?.trim() || null,
      promisedAt: toInstant(values.promisedAt)!,
      odometerKm: values.odometerKm ?? null,
      odometerReplaced: !!values.odometerReplaced && values.odometerKm != null && !!lastReading && values.odometerKm < lastReading.km,
      lines,
      packageIds: values.packageIds ?? [],
    };
    setSaving(true);
    try {
      const saved = order
        ? await roApi.update(order.id, { ...body, version: order.version })
        : await roApi.create({ ...body, visitId }, idempotency.keyFor(body));
      idempotency.reset();
      queryClient.setQueryData(roKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: roKeys.all });
      void message.success(order ? t('common.saved') : t('roForm.created', { number: saved.number }));
      navigate(`/repair-orders/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        modal.warning({
          title: t('ro.conflictTitle'),
          content: t('ro.conflictContent'),
          okText: t('common.reload'),
          onOk: () => {
            void queryClient.invalidateQueries({ queryKey: roKeys.detail(order!.id) });
            navigate(`/repair-orders/${order!.id}`);
          },
        });
        return;
      }
      for (const text of applyProblemToForm(form, error, { km: 'odometerKm' })) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const initial: Values = order
    ? {
        concerns: order.concerns,
        diagnosis: order.diagnosis ?? undefined,
        promisedAt: toPicker(order.promisedAt),
        odometerKm: order.odometerKm,
        packageIds: [],
        lines: [],
      }
    : { concerns: '', lines: [], packageIds: [] };

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="ro-form-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {order ? t('roForm.editTitle', { number: order.number }) : t('roForm.newTitle')}
      </Typography.Title>
      {visit.data && (
        <Card size="small">
          <VisitHeader visit={visit.data} />
        </Card>
      )}
      {catalogue.isError && <Alert type="warning" showIcon title={t('roForm.catalogueFailed')} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
        scrollToFirstError
        // Enter confirms a picker or a number on the tablet; only the save button submits the order.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <Card title={t('roForm.reception')}>
          <Form.Item
            name="concerns"
            label={t('ro.concerns')}
            extra={t('roForm.concernsHint')}
            rules={[
              { required: true, message: t('form.required', { label: t('ro.concerns') }) },
              zodRule(shape.concerns, { label: t('ro.concerns') }),
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="ro-concerns" />
          </Form.Item>
          <Form.Item name="diagnosis" label={t('ro.diagnosis')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="ro-diagnosis" />
          </Form.Item>
          <Space wrap size={16} align="start">
            <Form.Item
              name="promisedAt"
              label={t('ro.promisedAt')}
              rules={[{ required: true, message: t('form.required', { label: t('ro.promisedAt') }) }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm', minuteStep: 5 }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                style={{ width: 220 }}
                data-testid="ro-promised-at"
              />
            </Form.Item>
            <Form.Item name="odometerKm" label={t('ro.odometer')} extra={order ? undefined : t('roForm.odometerFromWalkaround')}>
              <InputNumber
                min={0}
                max={3_000_000}
                precision={0}
                suffix={t('common.kmUnit')}
                style={{ width: 180 }}
                data-testid="ro-odometer"
              />
            </Form.Item>
          </Space>
          <OdometerLowerHint km={odometerKm} last={lastReading}>
            <Form.Item name="odometerReplaced" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox data-testid="odometer-replaced">{t('mileage.odometerReplaced')}</Checkbox>
            </Form.Item>
          </OdometerLowerHint>
        </Card>
        <Card title={t('roForm.work')} style={{ marginTop: 16 }}>
          <Form.Item name="packageIds" label={t('roForm.packages')} extra={t('roForm.packagesHint')}>
            <Select
              mode="multiple"
              allowClear
              loading={catalogue.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={(catalogue.data?.packages ?? []).map((p) => ({
                value: p.id,
                label: `${p.code} ${p.name}${p.intervalKm ? ` · ${p.intervalKm.toLocaleString()} km` : ''}`,
              }))}
              data-testid="ro-packages"
            />
          </Form.Item>
          <Form.Item name="lines" label={t('roForm.lines')}>
            {loadingLines ? <PageSkeleton cards={1} /> : <LinesEditor labourOperations={ops} />}
          </Form.Item>
          <RoQuote drafts={draftLines ?? []} packageIds={packageIds ?? []} catalogue={catalogue.data} />
        </Card>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" size="large" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="ro-submit">
            {order ? t('common.save') : t('roForm.create')}
          </Button>
          <Button size="large" onClick={() => navigate(-1)}>
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}

/** /repair-orders/new?visitId= */
export function NewRepairOrderPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const visitId = params.get('visitId');
  if (!visitId) return <Alert type="info" showIcon title={t('roForm.needVisit')} />;
  return <RoForm visitId={visitId} />;
}

/** /repair-orders/:id/edit (while the order is open) */
export function EditRepairOrderPage() {
  const { id = '' } = useParams();
  const order = useRepairOrder(id);
  if (order.isPending) return <PageSkeleton />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  return <RoForm key={`${order.data.id}-${order.data.version}`} visitId={order.data.visitId} order={order.data} />;
}
