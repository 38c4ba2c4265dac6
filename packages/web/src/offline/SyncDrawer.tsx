import { Alert, Button, Drawer, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Reception } from './queue';
import { ReceptionSteps } from './ReceptionSteps';
import { clearSent, syncNow } from './store';

/** The receptions kept on this device, each with its steps; loaded when the header's button opens it. */
export function SyncDrawer({
  open,
  onClose,
  receptions,
  pending,
  unauthorized,
}: {
  open: boolean;
  onClose: () => void;
  receptions: Reception[];
  pending: number;
  unauthorized: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Drawer open={open} onClose={onClose} title={t('offline.drawerTitle')} size={480} data-testid="sync-drawer">
      <div style={{ display: 'grid', gap: 12 }}>
        {unauthorized && <Alert type="warning" showIcon title={t('offline.unauthorized')} />}
        <Space wrap>
          <Button type="primary" disabled={pending === 0} onClick={() => void syncNow()} data-testid="sync-now">
            {t('offline.syncNow')}
          </Button>
          <Button onClick={() => void clearSent()}>{t('offline.clearSent')}</Button>
        </Space>
        {receptions.length === 0 && <Typography.Text type="secondary">{t('offline.empty')}</Typography.Text>}
        {receptions.map((r) => (
          <div key={r.id} style={{ display: 'grid', gap: 8, width: '100%' }} data-testid="sync-reception">
            <Space wrap>
              <Link to={r.visitId ? `/visits/${r.visitId}` : `/reception/local/${r.id}`} onClick={onClose}>
                <Typography.Text strong>{r.plate}</Typography.Text>
              </Link>
              <Typography.Text>{r.customerName}</Typography.Text>
            </Space>
            <ReceptionSteps reception={r} />
          </div>
        ))}
      </div>
    </Drawer>
  );
}
