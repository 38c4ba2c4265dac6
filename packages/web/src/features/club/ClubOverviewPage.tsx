import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ClubOverview, type ClubRange, useClubOverview } from '../../api/club';
import { dealerToday } from '../../components/DateText';
import { formatFen } from '../../components/money';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { ErrorState, PageSkeleton } from '../../components/PageState';

type Row = ClubOverview['dealers'][number];
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** 会员俱乐部: membership and redemption per dealer, and the balance between dealers for points redeemed away from where they were earned. */
export function ClubOverviewPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const today = dealerToday();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([today.subtract(1, 'year').add(1, 'day'), today]);
  const [dealerId, setDealerId] = useState<string | undefined>();
  const range: ClubRange = { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD'), ...(dealerId ? { dealerId } : {}) };
  const overview = useClubOverview(range);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="club-overview-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('club.overview.title')}
        </Typography.Title>
        <Link to="/club/settings">
          <Button icon={<SettingOutlined />}>{t('club.overview.settings')}</Button>
        </Link>
      </Space>
      <Card styles={{ body: { padding: 12 } }}>
        <Space wrap size={12}>
          <span>{t('club.overview.period')}</span>
          <DatePicker.RangePicker
            size="large"
            allowClear={false}
            inputReadOnly
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
            disabledDate={(d) => d.isAfter(today) || d.isBefore(today.subtract(3, 'year'))}
            data-testid="club-period"
          />
          {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
        </Space>
      </Card>
      {overview.isPending ? (
        <PageSkeleton cards={2} />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <Card>
            <Space wrap size={32}>
              <Statistic title={t('club.overview.members')} value={overview.data.total.members} />
              <Statistic title={t('club.overview.earned')} value={overview.data.total.pointsEarned} />
              <Statistic title={t('club.overview.redeemed')} value={overview.data.total.pointsRedeemed} />
              <Statistic
                title={t('club.overview.rate')}
                value={percent(overview.data.total.redemptionRate)}
                valueRender={(node) => <span data-testid="club-redemption-rate">{node}</span>}
              />
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('club.overview.payer', { payer: t(`club.payers.${overview.data.crossDealerPayer}`) })}
              {overview.data.total.carMakerOwesFen > 0 &&
                ` · ${t('club.overview.carMakerOwes', { amount: formatFen(overview.data.total.carMakerOwesFen) })}`}
            </Typography.Paragraph>
          </Card>
          <Card styles={{ body: { padding: 0 } }}>
            <Table<Row>
              rowKey={(r) => r.dealer.id}
              size="middle"
              pagination={false}
              scroll={{ x: 900 }}
              dataSource={overview.data.dealers}
              data-testid="club-dealers"
              columns={[
                { title: t('club.overview.dealer'), render: (_, r) => r.dealer.name, fixed: 'left' },
                { title: t('club.overview.members'), dataIndex: 'members', align: 'right' },
                { title: t('club.overview.newMembers'), dataIndex: 'newMembers', align: 'right' },
                { title: t('club.overview.earned'), dataIndex: 'pointsEarned', align: 'right' },
                { title: t('club.overview.redeemed'), dataIndex: 'pointsRedeemed', align: 'right' },
                { title: t('club.overview.rate'), align: 'right', render: (_, r) => percent(r.redemptionRate) },
                { title: t('club.overview.redeemedHere'), dataIndex: 'redeemedHereEarnedElsewhere', align: 'right' },
                { title: t('club.overview.earnedHere'), dataIndex: 'earnedHereRedeemedElsewhere', align: 'right' },
                {
                  title: <Tooltip title={t('club.overview.balanceHelp')}>{t('club.overview.balance')}</Tooltip>,
                  align: 'right',
                  render: (_, r) => (
                    <Typography.Text type={r.balanceFen < 0 ? 'danger' : undefined}>{formatFen(r.balanceFen)}</Typography.Text>
                  ),
                },
                { title: t('club.overview.fees'), align: 'right', render: (_, r) => formatFen(r.feesFen) },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
