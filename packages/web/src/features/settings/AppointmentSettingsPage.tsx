import { Col, Row, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useCan, useUser } from '../../app/session';
import { BaysCard } from './BaysCard';
import { BookingSettingsCard } from './BookingSettingsCard';
import { ComplaintSettingsCard } from './ComplaintSettingsCard';
import { FollowUpSettingsCard } from './FollowUpSettingsCard';
import { RosterCard } from './RosterCard';
import { SurveySettingsCard } from './SurveySettingsCard';
import { WalkaroundTemplateCard } from './WalkaroundTemplateCard';

/**
 * 预约设置: the booking rules, the day's roster, the bays, the walk-around checklist, the care timers
 * and the complaint and survey settings — each card to those who may change it (a general manager may hold the
 * complaint settings without the appointment ones).
 */
export function AppointmentSettingsPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const user = useUser();
  const canManageAppointments = useCan('appointment.settings');
  const canManageFollowUp = useCan('follow_up.manage');
  // Complaint settings are a dealer's: the car maker's staff have none to edit here.
  const canManageComplaints = useCan('complaint.manage') && !!user.dealer;
  // Survey links go out per dealer, like the complaint settings.
  const canManageSurveys = useCan('csi.manage') && !!user.dealer;

  useEffect(() => {
    if (hash === '#complaint-settings' || hash === '#survey-settings')
      document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'start' });
  }, [hash]);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      {canManageAppointments && (
        <>
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
        </>
      )}
      {canManageFollowUp && <FollowUpSettingsCard />}
      {canManageComplaints && <ComplaintSettingsCard />}
      {canManageSurveys && <SurveySettingsCard />}
    </div>
  );
}
