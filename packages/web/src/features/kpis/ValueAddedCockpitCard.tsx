import { Button, Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useValueAddedKpi } from '../../api/valueAdded';
import { useCan } from '../../app/session';
import { dealerDate } from '../../components/dealerTime';
import { type CockpitCardProps, cockpitDays } from '../rescue/RescueCockpitCard';
import { percent } from './ValueAddedKpi';

/** 增值服务 in the cockpit: loaner utilisation, pick-up on time and club redemption over the cockpit's months (rescue has its own card). */
export function ValueAddedCockpitCard({ from, to, region, city, grade }: CockpitCardProps) {
  const { t } = useTranslation();
  const canRead = useCan('kpi.read');
  const kpi = useValueAddedKpi({ ...cockpitDays(from, to, dealerDate(0)), region, city, grade }, canRead);
  if (!canRead || !kpi.data) return null;
  const { loaners, pickup, club } = kpi.data.total;
  return (
    <Card
      title={t('valueAdded.cockpitTitle')}
      loading={kpi.isPlaceholderData}
      extra={
        <Link to="/kpis/value-added">
          <Button type="link" data-testid="value-added-cockpit-open">
            {t('valueAdded.openPage')}
          </Button>
        </Link>
      }
      data-testid="value-added-cockpit"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Statistic
            title={t('valueAdded.loaners.utilisation')}
            value={percent(loaners.utilisation)}
            data-testid="value-added-cockpit-utilisation"
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t('valueAdded.pickup.onTimeRate')}
            value={percent(pickup.onTimeRate)}
            data-testid="value-added-cockpit-on-time"
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t('valueAdded.club.redemptionRate')}
            value={percent(club.redemptionRate)}
            data-testid="value-added-cockpit-redemption"
          />
        </Col>
      </Row>
    </Card>
  );
}
