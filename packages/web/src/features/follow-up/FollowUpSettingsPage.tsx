import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { FollowUpSettingsCard } from '../settings/FollowUpSettingsCard';
import { FollowUpNav } from './FollowUpNav';

/** 关怀设置 from the care centre (a supervisor may not reach the appointment settings). */
export function FollowUpSettingsPage() {
  const { t } = useTranslation();
  const canManage = useCan('follow_up.manage');
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('followUp.nav.settings')}
        </Typography.Title>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <FollowUpNav />
        </div>
      </div>
      {canManage ? <FollowUpSettingsCard /> : <Result status="403" title={t('app.forbidden')} />}
    </div>
  );
}
