import { Alert, App, Button, Card, Empty, Input, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { newIdempotencyKey } from '../api/client';
import { useCan } from '../app/session';
import { DateTimeField } from '../components/DateTimeField';
import { PageSkeleton } from '../components/PageState';
import { PlateTag } from '../components/PlateTag';
import { DEFAULT_WALKAROUND_ITEMS, KeptWalkaround, type SaveWalkaround, WalkaroundForm } from '../features/repair-orders/WalkaroundCard';
import { useWalkaroundTemplateKept } from './cache';
import type { Reception } from './queue';
import { ReceptionSteps } from './ReceptionSteps';
import { useMyReceptions } from './SyncStatus';
import { queueStep } from './store';

/** Two hours from now on a quarter hour: a first promised time the advisor adjusts with the customer. */
const firstPromise = () => {
  const at = dayjs().add(2, 'hour');
  return at
    .minute(Math.ceil(at.minute() / 15) * 15)
    .second(0)
    .millisecond(0)
    .toISOString();
};

function CustomerWordsForm({ reception }: { reception: Reception }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [concerns, setConcerns] = useState(reception.customerWords ?? '');
  const [promisedAt, setPromisedAt] = useState<string | null>(firstPromise);
  const [saving, setSaving] = useState(false);
  const [key] = useState(newIdempotencyKey);

  async function save() {
    if (!concerns.trim() || !promisedAt) return;
    setSaving(true);
    try {
      await queueStep(reception.id, { kind: 'customer_words', concerns: concerns.trim(), promisedAt }, key);
      void message.info(t('offline.savedOnDevice'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Typography.Text type="secondary">{t('offline.customerWordsHint')}</Typography.Text>
      <Input.TextArea
        rows={3}
        maxLength={2000}
        value={concerns}
        onChange={(e) => setConcerns(e.target.value)}
        data-testid="offline-concerns"
      />
      <div style={{ display: 'grid', gap: 4, maxWidth: 260 }}>
        <Typography.Text strong>{t('offline.promisedAt')}</Typography.Text>
        <DateTimeField value={promisedAt} onChange={setPromisedAt} limit="future" data-testid="offline-promised-at" />
      </div>
      <div>
        <Button
          type="primary"
          loading={saving}
          disabled={!concerns.trim() || !promisedAt}
          onClick={() => void save()}
          data-testid="offline-words-submit"
        >
          {t('offline.saveWords')}
        </Button>
      </div>
    </div>
  );
}

/**
 * 接车（本设备）: a reception started while the server could not be reached. The walk-around and the
 * customer's words are kept here with the check-in and sent after it, on the visit it opens.
 */
export function LocalReceptionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const canWrite = useCan('repair_order.write');
  const reception = useMyReceptions().find((r) => r.id === id);
  const template = useWalkaroundTemplateKept(canWrite);
  if (!reception) return <Empty description={t('offline.localMissing')} data-testid="local-reception-missing" />;
  const inspection = reception.steps.find((s) => s.kind === 'inspection');
  const words = reception.steps.find((s) => s.kind === 'customer_words');
  const allSent = reception.steps.every((s) => s.state === 'done');
  const walkaroundSave: SaveWalkaround = async (body, key) => {
    await queueStep(reception.id, { kind: 'inspection', input: body }, key);
    return 'kept';
  };

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="local-reception-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('offline.localTitle')}
          </Typography.Title>
          <PlateTag plate={reception.plate} />
          <Typography.Text>{reception.customerName}</Typography.Text>
        </Space>
        {reception.visitId && (
          <Link to={`/visits/${reception.visitId}`}>
            <Button type="primary" data-testid="local-open-visit">
              {t('offline.openVisit')}
            </Button>
          </Link>
        )}
      </Space>
      {allSent ? (
        <Alert type="success" showIcon title={t('offline.allSynced')} data-testid="local-all-synced" />
      ) : (
        <Alert type="info" showIcon title={t('offline.savedOnDevice')} data-testid="local-waiting" />
      )}
      <Card>
        <ReceptionSteps reception={reception} />
      </Card>
      <Card title={t('offline.walkaroundTitle')}>
        {inspection ? (
          <KeptWalkaround stepsOf={{ ...reception, steps: [inspection] }} />
        ) : template.isPending ? (
          <PageSkeleton cards={1} />
        ) : (
          // Never read on this device: the default list, which every dealer starts with.
          <WalkaroundForm items={template.data?.items ?? DEFAULT_WALKAROUND_ITEMS} vehicleId={undefined} save={walkaroundSave} />
        )}
      </Card>
      <Card title={t('offline.customerWords')}>
        {words ? <ReceptionSteps reception={{ ...reception, steps: [words] }} /> : <CustomerWordsForm reception={reception} />}
      </Card>
    </div>
  );
}
