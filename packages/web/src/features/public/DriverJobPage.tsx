import { CarOutlined, CheckCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import type { DriverStep } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Result, Skeleton, Slider, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { type DriverJob, driverApi, pickupKeys, useDriverJob } from '../../api/pickup';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { type LinkPath, linkPath } from '../../api/publicLink';
import { type DamageMark, DamageMarksField } from '../../components/DamageDiagram';
import { formatFen } from '../../components/money';
import { PhotoUpload } from '../../components/PhotoUpload';
import { PlateTag } from '../../components/PlateTag';
import { SignaturePad } from '../../components/SignaturePad';
import { deliveryText } from '../messages/MessageDelivery';
import { STATUS_COLORS, windowText } from '../pickup/pickupText';
import { PublicLayout } from './PublicLayout';

/** 司机任务: the driver's phone page from the link — set out, take the car at the door, hand it over. */
export function DriverJobPage() {
  const { t } = useTranslation();
  const link = linkPath(useParams());
  const job = useDriverJob(link);
  const queryClient = useQueryClient();
  const [told, setTold] = useState<DriverStep['message'] | undefined>(undefined);

  const done = (step: DriverStep) => {
    queryClient.setQueryData(pickupKeys.driverJob(link), step.job);
    setTold(step.message);
  };

  if (job.error instanceof ApiError && job.error.status === 410)
    return (
      <PublicLayout tagline={t('pickup.driverTagline')}>
        <Result status="info" title={t('pickup.linkGone')} subTitle={t('pickup.linkGoneHint')} data-testid="driver-link-gone" />
      </PublicLayout>
    );
  if (job.isPending)
    return (
      <PublicLayout tagline={t('pickup.driverTagline')}>
        <Card>
          <Skeleton active />
        </Card>
      </PublicLayout>
    );
  if (job.isError)
    return (
      <PublicLayout tagline={t('pickup.driverTagline')}>
        <Result
          status="warning"
          title={errorMessage(job.error)}
          extra={<Button onClick={() => void job.refetch()}>{t('common.retry')}</Button>}
        />
      </PublicLayout>
    );

  const j = job.data;
  return (
    <PublicLayout dealerName={j.dealer.name} tagline={t('pickup.driverTagline')}>
      <div style={{ display: 'grid', gap: 12 }} data-testid="driver-page" data-status={j.status}>
        <JobCard job={j} />
        {told !== undefined && told !== null && (
          <Alert type={deliveryText(t, told).tone} showIcon message={deliveryText(t, told).text} data-testid="driver-sms" />
        )}
        {j.status === 'assigned' && <SetOut link={link} onDone={done} />}
        {j.status === 'en_route' && <TakeCar link={link} onDone={done} />}
        {j.status === 'picked_up' && <HandOver link={link} job={j} onDone={done} />}
        {j.status === 'completed' && (
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('pickup.completed')}
            subTitle={j.startKm !== null && j.endKm !== null ? t('pickup.route', { km: j.endKm - j.startKm }) : null}
            data-testid="driver-completed"
          />
        )}
        {j.status === 'cancelled' && <Result status="info" title={t('pickup.statuses.cancelled')} subTitle={j.cancelReason} />}
      </div>
    </PublicLayout>
  );
}

function JobCard({ job }: { job: DriverJob }) {
  const { t } = useTranslation();
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{job.number}</Typography.Text>
        <Tag>{t(`pickup.kinds.${job.kind}`)}</Tag>
        <Tag color={STATUS_COLORS[job.status]} data-testid="driver-status">
          {t(`pickup.statuses.${job.status}`)}
        </Tag>
      </Space>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('pickup.window')}>{windowText(job)}</Descriptions.Item>
        <Descriptions.Item label={t('pickup.columns.customer')}>
          <Space wrap>
            {job.customer.name}
            <Button size="small" icon={<PhoneOutlined />} href={`tel:${job.contactMobile}`}>
              {job.contactMobile}
            </Button>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('pickup.address')}>
          {job.address}（{job.area}）
        </Descriptions.Item>
        <Descriptions.Item label={t('pickup.vehicle')}>
          <Space wrap>
            {job.vehicle.plate && <PlateTag plate={job.vehicle.plate} />}
            {job.vehicle.model}
          </Space>
        </Descriptions.Item>
        {job.feeFen > 0 && <Descriptions.Item label={t('pickup.columns.fee')}>{formatFen(job.feeFen)}</Descriptions.Item>}
        {job.notes && <Descriptions.Item label={t('pickup.notes')}>{job.notes}</Descriptions.Item>}
        {job.dealer.phone && (
          <Descriptions.Item label={t('pickup.dealerPhone')}>
            <a href={`tel:${job.dealer.phone}`}>{job.dealer.phone}</a>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function SetOut({ link, onDone }: { link: LinkPath; onDone: (step: DriverStep) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="primary"
      size="large"
      block
      icon={<CarOutlined />}
      loading={busy}
      data-testid="driver-set-out"
      onClick={() =>
        modal.confirm({
          title: t('pickup.setOutConfirm'),
          content: t('pickup.setOutHint'),
          okText: t('pickup.setOut'),
          cancelText: t('common.back'),
          onOk: async () => {
            setBusy(true);
            try {
              onDone(await driverApi.setOut(link));
            } catch (error) {
              void message.error(errorMessage(error));
            } finally {
              setBusy(false);
            }
          },
        })
      }
    >
      {t('pickup.setOut')}
    </Button>
  );
}

type TakeForm = { odometerKm: number; fuelLevel: number };

/** 接车: the walk-around at the customer's door — km, fuel, damage marks, photos — signed by the customer. */
function TakeCar({ link, onDone }: { link: LinkPath; onDone: (step: DriverStep) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TakeForm>();
  const [marks, setMarks] = useState<DamageMark[]>([]);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(values: TakeForm) {
    if (!signature) {
      void message.warning(t('pickup.signFirst'));
      return;
    }
    setSaving(true);
    try {
      onDone(await driverApi.take(link, { ...values, damage: marks, photos, signaturePng: signature }));
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('pickup.takeTitle')} size="small">
      <Form<TakeForm> form={form} layout="vertical" initialValues={{ fuelLevel: 50 }} onFinish={(v) => void submit(v)}>
        <Form.Item name="odometerKm" label={t('pickup.odometer')} rules={[{ required: true, message: t('pickup.odometerRequired') }]}>
          <InputNumber min={0} max={3_000_000} inputMode="numeric" addonAfter="km" style={{ width: '100%' }} data-testid="driver-take-km" />
        </Form.Item>
        <Form.Item name="fuelLevel" label={t('pickup.fuel')}>
          <Slider min={0} max={100} step={5} marks={{ 0: 'E', 50: '½', 100: 'F' }} />
        </Form.Item>
        <Form.Item>
          <DamageMarksField marks={marks} onChange={setMarks} />
        </Form.Item>
        <Form.Item label={t('walkaround.photos')}>
          <PhotoUpload
            value={photos}
            onChange={setPhotos}
            testId="driver"
            preview={false}
            onUploading={setUploading}
            upload={(file) => driverApi.upload(link, file)}
          />
        </Form.Item>
        <Form.Item label={t('pickup.customerSigns')} required>
          <SignaturePad onChange={setSignature} />
        </Form.Item>
        <Button type="primary" size="large" block htmlType="submit" loading={saving} disabled={uploading} data-testid="driver-take">
          {t('pickup.take')}
        </Button>
      </Form>
    </Card>
  );
}

/** 交车: the km at the end of the route; a delivered car is back with its customer (who is texted). */
function HandOver({ link, job, onDone }: { link: LinkPath; job: DriverJob; onDone: (step: DriverStep) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ odometerKm: number }>();
  const [saving, setSaving] = useState(false);

  async function submit(values: { odometerKm: number }) {
    setSaving(true);
    try {
      onDone(await driverApi.handOver(link, values));
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t(job.kind === 'delivery' ? 'pickup.handBackTitle' : 'pickup.handOverTitle')} size="small">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="odometerKm"
          label={t('pickup.odometerEnd')}
          extra={job.startKm !== null ? t('pickup.startKm', { km: job.startKm }) : null}
          rules={[{ required: true, message: t('pickup.odometerRequired') }]}
        >
          <InputNumber
            min={0}
            max={3_000_000}
            inputMode="numeric"
            addonAfter="km"
            style={{ width: '100%' }}
            data-testid="driver-hand-over-km"
          />
        </Form.Item>
        <Button type="primary" size="large" block htmlType="submit" loading={saving} data-testid="driver-hand-over">
          {t('pickup.handOver')}
        </Button>
      </Form>
    </Card>
  );
}
