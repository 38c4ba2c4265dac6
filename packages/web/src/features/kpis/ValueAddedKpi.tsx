import type { ValueAddedKpi } from '@servicebay/contracts';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../components/money';

type Figures = ValueAddedKpi['total'];
type DealerRow = ValueAddedKpi['dealers'][number];

/** A share as a percentage to a tenth ("38.1%"), or a dash without a base. */
export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);
const orDash = (value: number | null) => (value === null ? '—' : value);

/** Whether the scope had anything at all to show in the period. */
export const hasFigures = (f: Figures) =>
  f.loaners.fleet + f.loaners.loans + f.pickup.jobs + f.rescue.calls + f.club.members + f.club.pointsEarned + f.club.pointsRedeemed > 0;

function ServiceCard({ title, testId, main, children }: { title: string; testId: string; main: ReactNode; children: ReactNode }) {
  return (
    <Col xs={24} md={12} xl={6}>
      <Card title={title} data-testid={testId} style={{ height: '100%' }}>
        {main}
        <Row gutter={[8, 8]} style={{ marginTop: 12 }}>
          {children}
        </Row>
      </Card>
    </Col>
  );
}

const Small = ({ title, value, testId }: { title: string; value: ReactNode; testId?: string }) => (
  <Col span={12}>
    <Statistic title={title} value={value as string | number} valueStyle={{ fontSize: 18 }} data-testid={testId} />
  </Col>
);

/** The four services' cards of one scope: loaners, pick-up & delivery, rescue, the club. */
export function ValueAddedCards({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const { loaners, pickup, rescue, club } = figures;
  return (
    <Row gutter={[16, 16]} data-testid="value-added-cards">
      <ServiceCard
        title={t('valueAdded.loaners.title')}
        testId="value-added-loaners"
        main={
          <Statistic
            title={t('valueAdded.loaners.utilisation')}
            value={percent(loaners.utilisation)}
            valueStyle={{ fontSize: 28 }}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('valueAdded.loaners.utilisationDetail', { daysOut: loaners.daysOut, fleetDays: loaners.fleetDays })}
              </Typography.Text>
            }
            data-testid="value-added-utilisation"
          />
        }
      >
        <Small title={t('valueAdded.loaners.fleet')} value={loaners.fleet} />
        <Small title={t('valueAdded.loaners.loans')} value={loaners.loans} />
        <Small title={t('valueAdded.loaners.overdue')} value={loaners.overdue} />
        <Small title={t('valueAdded.loaners.cost')} value={formatFen(loaners.costFen)} />
      </ServiceCard>
      <ServiceCard
        title={t('valueAdded.pickup.title')}
        testId="value-added-pickup"
        main={
          <Statistic
            title={t('valueAdded.pickup.onTimeRate')}
            value={percent(pickup.onTimeRate)}
            valueStyle={{ fontSize: 28 }}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('valueAdded.pickup.onTimeDetail', { onTime: pickup.onTime, met: pickup.met })}
              </Typography.Text>
            }
            data-testid="value-added-on-time"
          />
        }
      >
        <Small title={t('valueAdded.pickup.jobs')} value={pickup.jobs} />
        <Small title={t('valueAdded.pickup.done')} value={pickup.done} />
        <Small title={t('valueAdded.pickup.fee')} value={formatFen(pickup.feeFen)} />
        <Small title={t('valueAdded.pickup.km')} value={pickup.km} />
      </ServiceCard>
      <ServiceCard
        title={t('valueAdded.rescue.title')}
        testId="value-added-rescue"
        main={
          <Statistic
            title={t('valueAdded.rescue.median')}
            value={orDash(rescue.medianResponseMinutes)}
            valueStyle={{ fontSize: 28 }}
            data-testid="value-added-median"
          />
        }
      >
        <Small title={t('valueAdded.rescue.average')} value={orDash(rescue.averageResponseMinutes)} />
        <Small title={t('valueAdded.rescue.withinTarget')} value={percent(rescue.withinTargetShare)} />
        <Small title={t('valueAdded.rescue.calls')} value={rescue.calls} />
      </ServiceCard>
      <ServiceCard
        title={t('valueAdded.club.title')}
        testId="value-added-club"
        main={
          <Statistic
            title={t('valueAdded.club.redemptionRate')}
            value={percent(club.redemptionRate)}
            valueStyle={{ fontSize: 28 }}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('valueAdded.club.redemptionDetail', { redeemed: club.pointsRedeemed, earned: club.pointsEarned })}
              </Typography.Text>
            }
            data-testid="value-added-redemption"
          />
        }
      >
        <Small title={t('valueAdded.club.members')} value={club.members} />
        <Small title={t('valueAdded.club.newMembers')} value={club.newMembers} />
        <Small title={t('valueAdded.club.fromOthers')} value={club.redeemedFromOthers} />
        <Small title={t('valueAdded.club.atOthers')} value={club.redeemedAtOthers} />
      </ServiceCard>
    </Row>
  );
}

/** Nulls sort last whichever way the column is sorted. */
const byNumber =
  (pick: (row: DealerRow) => number | null) =>
  (a: DealerRow, b: DealerRow): number =>
    (pick(a) ?? Number.NEGATIVE_INFINITY) - (pick(b) ?? Number.NEGATIVE_INFINITY);

/** The car maker's comparison: one row per dealer, every figure a sortable column. */
export function ValueAddedTable({ kpi, loading }: { kpi: ValueAddedKpi; loading?: boolean }) {
  const { t } = useTranslation();
  const column = (
    key: string,
    title: string,
    pick: (row: DealerRow) => number | null,
    show: (value: number | null) => ReactNode = orDash,
  ) => ({
    key,
    title,
    align: 'right' as const,
    sorter: byNumber(pick),
    render: (_: unknown, row: DealerRow) => show(pick(row)),
  });
  const columns: ColumnsType<DealerRow> = [
    { key: 'dealer', title: t('valueAdded.dealer'), fixed: 'left', render: (_: unknown, row: DealerRow) => row.dealer.name },
    {
      title: t('valueAdded.loaners.title'),
      children: [
        column('utilisation', t('valueAdded.loaners.utilisation'), (r) => r.loaners.utilisation, percent),
        column('fleet', t('valueAdded.loaners.fleet'), (r) => r.loaners.fleet),
        column('loans', t('valueAdded.loaners.loans'), (r) => r.loaners.loans),
        column('overdue', t('valueAdded.loaners.overdue'), (r) => r.loaners.overdue),
        column(
          'loanerCost',
          t('valueAdded.loaners.cost'),
          (r) => r.loaners.costFen,
          (v) => formatFen(v ?? 0),
        ),
      ],
    },
    {
      title: t('valueAdded.pickup.title'),
      children: [
        column('onTime', t('valueAdded.pickup.onTimeRate'), (r) => r.pickup.onTimeRate, percent),
        column('jobs', t('valueAdded.pickup.jobs'), (r) => r.pickup.jobs),
        column('done', t('valueAdded.pickup.done'), (r) => r.pickup.done),
        column(
          'fee',
          t('valueAdded.pickup.fee'),
          (r) => r.pickup.feeFen,
          (v) => formatFen(v ?? 0),
        ),
        column('km', t('valueAdded.pickup.km'), (r) => r.pickup.km),
      ],
    },
    {
      title: t('valueAdded.rescue.title'),
      children: [
        column('median', t('valueAdded.rescue.median'), (r) => r.rescue.medianResponseMinutes),
        column('average', t('valueAdded.rescue.average'), (r) => r.rescue.averageResponseMinutes),
        column('withinTarget', t('valueAdded.rescue.withinTarget'), (r) => r.rescue.withinTargetShare, percent),
        column('calls', t('valueAdded.rescue.calls'), (r) => r.rescue.calls),
      ],
    },
    {
      title: t('valueAdded.club.title'),
      children: [
        column('redemption', t('valueAdded.club.redemptionRate'), (r) => r.club.redemptionRate, percent),
        column('members', t('valueAdded.club.members'), (r) => r.club.members),
        column('newMembers', t('valueAdded.club.newMembers'), (r) => r.club.newMembers),
        column('earned', t('valueAdded.club.earned'), (r) => r.club.pointsEarned),
        column('redeemed', t('valueAdded.club.redeemed'), (r) => r.club.pointsRedeemed),
      ],
    },
  ];
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<DealerRow>
        rowKey={(row) => row.dealer.id}
        dataSource={kpi.dealers}
        columns={columns}
        loading={loading}
        pagination={false}
        size="small"
        bordered
        scroll={{ x: 'max-content' }}
        data-testid="value-added-table"
      />
    </Card>
  );
}
