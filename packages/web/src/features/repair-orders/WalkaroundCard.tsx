import { CheckCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Input,
  InputNumber,
  Segmented,
  Slider,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { type Inspection, type InspectionInput, roApi, roKeys } from '../../api/repairOrders';
import { vehicleKeys } from '../../api/vehicles';
import { useUser } from '../../app/session';
import { DamageDiagram, type DamageMark, DamageMarksField } from '../../components/DamageDiagram';
import { formatDateTime } from '../../components/DateText';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { PhotoUpload, Thumbnails } from '../../components/PhotoUpload';
import { SignaturePad } from '../../components/SignaturePad';
import { useWalkaroundTemplateKept } from '../../offline/cache';
import { isUnreachable } from '../../offline/queue';
import { ReceptionSteps } from '../../offline/ReceptionSteps';
import { useMyReceptions } from '../../offline/SyncStatus';
import { queueReception, queueStep, receptionOfVisit, uploadPhoto } from '../../offline/store';
import { OdometerLowerHint, useLastReading } from '../vehicles/OdometerLowerHint';

// The checklist's rows come from the dealer's walk-around template (GET /walkaround-template); item
// names are stored as written (Chinese, as on the paper form). The default list's names are shown
// translated; a dealer's own items are shown as the dealer wrote them.
const ITEM_KEYS: Record<string, 'lights' | 'wipers' | 'tyres' | 'body' | 'interior' | 'fluids'> = {
  灯光: 'lights',
  雨刮: 'wipers',
  轮胎: 'tyres',
  车身外观: 'body',
  内饰: 'interior',
  油液: 'fluids',
};
/** The checklist every dealer starts with (the server's default template). */
export const DEFAULT_WALKAROUND_ITEMS = Object.keys(ITEM_KEYS);
const WHEELS = ['frontLeft', 'frontRight', 'rearLeft', 'rearRight'] as const;
type Wheel = (typeof WHEELS)[number];
type Tyres = Partial<Record<Wheel, { treadMm: number; pressureKpa: number }>>;
type CheckRow = { item: string; ok: boolean; note: string };

/** The translation key of one of the default list's items; undefined for a dealer's own item. */
export function walkaroundItemKey(item: string) {
  return Object.hasOwn(ITEM_KEYS, item) ? ITEM_KEYS[item] : undefined;
}

export function ItemLabel({ item }: { item: string }) {
  const { t } = useTranslation();
  const key = walkaroundItemKey(item);
  return <>{key ? t(`walkaround.items.${key}`) : item}</>;
}

/** The signed walk-around, read-only. */
function WalkaroundView({ inspection }: { inspection: Inspection }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="walkaround-done">
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleOutlined />}
        title={t('walkaround.signedAt', { at: formatDateTime(inspection.signedAt) })}
      />
      <Table
        size="small"
        rowKey="item"
        pagination={false}
        dataSource={inspection.checklist}
        columns={[
          { title: t('walkaround.item'), render: (_, r) => <ItemLabel item={r.item} /> },
          {
            title: t('walkaround.result'),
            width: 90,
            render: (_, r) => (r.ok ? <Tag color="success">{t('walkaround.ok')}</Tag> : <Tag color="error">{t('walkaround.notOk')}</Tag>),
          },
          { title: t('walkaround.note'), render: (_, r) => r.note ?? '' },
        ]}
      />
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('walkaround.odometer')}>
          {t('common.km', { km: inspection.odometerKm.toLocaleString() })}
        </Descriptions.Item>
        <Descriptions.Item label={t('walkaround.fuel')}>{inspection.fuelLevel}%</Descriptions.Item>
        <Descriptions.Item label={t('walkaround.covers')}>{inspection.coversApplied ? t('common.yes') : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('walkaround.valuables')}>{inspection.valuables || t('common.none')}</Descriptions.Item>
        {WHEELS.filter((w) => inspection.tyres[w]).map((w) => (
          <Descriptions.Item key={w} label={t(`walkaround.wheels.${w}`)}>
            {t('walkaround.tyreValue', { tread: inspection.tyres[w]!.treadMm, pressure: inspection.tyres[w]!.pressureKpa })}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {inspection.damage.length > 0 && (
        <div style={{ display: 'grid', gap: 6 }}>
          <Typography.Text strong>{t('walkaround.damage')}</Typography.Text>
          <DamageDiagram marks={inspection.damage} readOnly />
          <div>{inspection.damage.map((d, i) => `${i + 1}. ${t(`walkaround.damageKinds.${d.kind}`)}`).join('　')}</div>
        </div>
      )}
      <Thumbnails keys={inspection.photos ?? []} testId="walkaround-photo" />
    </div>
  );
}

/** Where a finished walk-around goes: to the server, or into the device's queue. 'kept' when queued. */
export type SaveWalkaround = (body: InspectionInput, idempotencyKey: string) => Promise<'saved' | 'kept'>;

export function WalkaroundForm({
  items,
  vehicleId,
  save,
}: {
  items: readonly string[];
  vehicleId: string | undefined;
  save: SaveWalkaround;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [checklist, setChecklist] = useState<CheckRow[]>(() => items.map((item) => ({ item, ok: true, note: '' })));
  const [marks, setMarks] = useState<DamageMark[]>([]);
  const [tyres, setTyres] = useState<Tyres>({});
  const [fuel, setFuel] = useState(50);
  const [odometer, setOdometer] = useState<number | null>(null);
  const [odometerReplaced, setOdometerReplaced] = useState(false);
  const lastReading = useLastReading(vehicleId);
  const [valuables, setValuables] = useState('');
  const [covers, setCovers] = useState(false);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [signature, setSignature] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  const setRow = (i: number, patch: Partial<CheckRow>) => setChecklist((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setTyre = (w: Wheel, field: 'treadMm' | 'pressureKpa', value: number | null) =>
    setTyres((all) => {
      const current = all[w] ?? { treadMm: 0, pressureKpa: 0 };
      return { ...all, [w]: { ...current, [field]: value ?? 0 } };
    });

  async function submit() {
    if (!signature || odometer === null) return;
    setSaving(true);
    const body: InspectionInput = {
      checklist: checklist.map((r) => ({ item: r.item, ok: r.ok, note: r.note.trim() || null })),
      damage: marks,
      tyres,
      fuelLevel: fuel,
      odometerKm: odometer,
      odometerReplaced: odometerReplaced && !!lastReading && odometer < lastReading.km,
      valuables: valuables.trim() || null,
      coversApplied: covers,
      photos,
      signaturePng: signature,
    };
    try {
      const outcome = await save(body, idempotencyKey.current);
      void (outcome === 'saved' ? message.success(t('walkaround.saved')) : message.info(t('offline.savedOnDevice')));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="walkaround-form">
      <div style={{ display: 'grid', gap: 8 }}>
        <Typography.Text strong>{t('walkaround.checklist')}</Typography.Text>
        {checklist.map((row, i) => (
          <div
            key={`${i}:${row.item}`}
            style={{ display: 'grid', gridTemplateColumns: 'minmax(80px, 120px) auto minmax(0, 1fr)', gap: 8, alignItems: 'center' }}
            data-testid="walkaround-item"
            data-item={row.item}
          >
            <span>
              <ItemLabel item={row.item} />
            </span>
            <Segmented
              value={row.ok ? 'ok' : 'notOk'}
              onChange={(v) => setRow(i, { ok: v === 'ok' })}
              options={[
                { value: 'ok', label: t('walkaround.ok') },
                { value: 'notOk', label: t('walkaround.notOk') },
              ]}
            />
            <Input
              value={row.note}
              maxLength={200}
              placeholder={t('walkaround.note')}
              onChange={(e) => setRow(i, { note: e.target.value })}
            />
          </div>
        ))}
      </div>

      <DamageMarksField marks={marks} onChange={setMarks} />

      <div style={{ display: 'grid', gap: 8 }}>
        <Typography.Text strong>{t('walkaround.tyres')}</Typography.Text>
        {WHEELS.map((w) => (
          <Space key={w} wrap>
            <span style={{ display: 'inline-block', minWidth: 64 }}>{t(`walkaround.wheels.${w}`)}</span>
            <InputNumber
              min={0}
              max={20}
              step={0.5}
              value={tyres[w]?.treadMm}
              onChange={(v) => setTyre(w, 'treadMm', v)}
              suffix="mm"
              placeholder={t('walkaround.tread')}
              style={{ width: 130 }}
            />
            <InputNumber
              min={0}
              max={600}
              step={10}
              value={tyres[w]?.pressureKpa}
              onChange={(v) => setTyre(w, 'pressureKpa', v)}
              suffix="kPa"
              placeholder={t('walkaround.pressure')}
              style={{ width: 140 }}
            />
          </Space>
        ))}
      </div>

      <div style={{ display: 'grid', gap: 4, maxWidth: 420 }}>
        <Typography.Text strong>
          {t('walkaround.fuel')}: {fuel}%
        </Typography.Text>
        <Slider min={0} max={100} step={5} value={fuel} onChange={setFuel} marks={{ 0: 'E', 50: '½', 100: 'F' }} />
      </div>

      <Space wrap size={16}>
        <div style={{ display: 'grid', gap: 4 }}>
          <Typography.Text strong>{t('walkaround.odometer')}</Typography.Text>
          <InputNumber
            min={0}
            max={3_000_000}
            precision={0}
            value={odometer}
            onChange={(v) => setOdometer(v)}
            suffix={t('common.kmUnit')}
            style={{ width: 180 }}
            data-testid="walkaround-odometer"
          />
          {lastReading && (
            <Typography.Text type="secondary">
              {t('mileage.latest', { km: lastReading.km.toLocaleString(), date: lastReading.readOn })}
            </Typography.Text>
          )}
          <OdometerLowerHint km={odometer} last={lastReading} replaced={odometerReplaced} onReplacedChange={setOdometerReplaced} />
        </div>
        <div style={{ display: 'grid', gap: 4, minWidth: 240 }}>
          <Typography.Text strong>{t('walkaround.valuables')}</Typography.Text>
          <Input
            value={valuables}
            maxLength={300}
            onChange={(e) => setValuables(e.target.value)}
            placeholder={t('walkaround.valuablesHint')}
          />
        </div>
      </Space>
      <Checkbox checked={covers} onChange={(e) => setCovers(e.target.checked)} data-testid="walkaround-covers">
        {t('walkaround.covers')}
      </Checkbox>

      <div style={{ display: 'grid', gap: 8 }}>
        <Typography.Text strong>{t('walkaround.photos')}</Typography.Text>
        <PhotoUpload value={photos} onChange={setPhotos} max={20} testId="walkaround" onUploading={setUploading} keepOffline />
      </div>

      <div style={{ display: 'grid', gap: 8 }}>
        <Typography.Text strong>{t('walkaround.signTitle')}</Typography.Text>
        <Typography.Text type="secondary">{t('walkaround.signHint')}</Typography.Text>
        <SignaturePad onChange={setSignature} />
      </div>
      <Button
        type="primary"
        size="large"
        loading={saving}
        disabled={!signature || odometer === null || uploading}
        onClick={() => void submit()}
        data-testid="walkaround-submit"
      >
        {t('walkaround.submit')}
      </Button>
    </div>
  );
}

type VisitLabel = { plate: string; customerName: string; appointmentId: string | null };

/** 环车检查: the walk-around with the customer, signed on the tablet; read-only once recorded. */
export function WalkaroundCard({
  visitId,
  canWrite,
  vehicleId,
  label,
}: {
  visitId: string;
  canWrite: boolean;
  vehicleId?: string;
  label?: VisitLabel;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const kept = useMyReceptions().find((r) => r.visitId === visitId);
  const keptStep = kept?.steps.find((s) => s.kind === 'inspection' && s.state !== 'done');
  const inspection = useQuery({
    queryKey: roKeys.inspection(visitId),
    // No walk-around yet is a 404: shown as the form, not as an error.
    queryFn: () =>
      roApi
        .inspection(visitId)
        .catch((error: unknown) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error))),
  });
  // The dealer's checklist is needed only for a new walk-around.
  const template = useWalkaroundTemplateKept(canWrite && inspection.isSuccess && inspection.data === null);

  const save: SaveWalkaround = async (body, idempotencyKey) => {
    try {
      const photos: string[] = [];
      for (const photo of body.photos ?? []) photos.push(await uploadPhoto(photo));
      const saved = await roApi.recordInspection(visitId, { ...body, photos }, idempotencyKey);
      queryClient.setQueryData(roKeys.inspection(visitId), saved);
      void queryClient.invalidateQueries({ queryKey: roKeys.visit(visitId) });
      if (vehicleId) void queryClient.invalidateQueries({ queryKey: vehicleKeys.mileage(vehicleId) });
      return 'saved';
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      // The same key goes with the queued write: the attempt may have reached the server.
      const existing = receptionOfVisit(visitId);
      const step = { kind: 'inspection', input: body } as const;
      if (existing) await queueStep(existing.id, step, idempotencyKey);
      else
        await queueReception(
          {
            userId: user.id,
            plate: label?.plate ?? '',
            customerName: label?.customerName ?? '',
            appointmentId: label?.appointmentId ?? null,
            visitId,
            customerWords: null,
          },
          step,
          idempotencyKey,
        );
      return 'kept';
    }
  };

  let body: ReactNode;
  if (kept && keptStep) body = <KeptWalkaround stepsOf={kept} />;
  else if (inspection.isPending) body = <PageSkeleton cards={1} />;
  else if (inspection.isError) body = <ErrorState error={inspection.error} onRetry={() => void inspection.refetch()} />;
  else if (inspection.data) body = <WalkaroundView inspection={inspection.data} />;
  else if (!canWrite) body = <Typography.Text type="secondary">{t('walkaround.none')}</Typography.Text>;
  else if (template.isPending) body = <PageSkeleton cards={1} />;
  else if (template.isError) body = <ErrorState error={template.error} onRetry={() => void template.refetch()} />;
  else body = <WalkaroundForm items={template.data.items} vehicleId={vehicleId} save={save} />;
  return <Card title={t('walkaround.title')}>{body}</Card>;
}

/** A walk-around kept on the device: said plainly, with its sync state (and a conflict's actions). */
export function KeptWalkaround({ stepsOf }: { stepsOf: Parameters<typeof ReceptionSteps>[0]['reception'] }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="walkaround-kept">
      <Alert type="info" showIcon title={t('offline.savedOnDevice')} />
      <ReceptionSteps reception={stepsOf} />
    </div>
  );
}
