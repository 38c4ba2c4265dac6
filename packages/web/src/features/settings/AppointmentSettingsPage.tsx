import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { BaysCard } from './BaysCard';
import { BookingSettingsCard } from './BookingSettingsCard';
import { FollowUpSettingsCard } from './FollowUpSettingsCard';
import { RosterCard } from './RosterCard';
import { WalkaroundTemplateCard } from './WalkaroundTemplateCard';

/** 预约设置: the booking rules, the day's roster, the bays, the walk-around checklist and the care timers. */
export function AppointmentSettingsPage() {
  const { t } = useTranslation();
  const canManageFollowUp = useCan('follow_up.manage');
  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <BookingSettingsCard />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <RosterCard />
        </Col>
        <Col xs={24} xl={9}>
          <BaysCard />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <WalkaroundTemplateCard />
        </Col>
      </Row>
      {canManageFollowUp && <FollowUpSettingsCard />}
    </div>
  );
}
