import { CrownOutlined } from '@ant-design/icons';
import type { ClubJoinInput } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clubApi, clubKeys, type ClubCard as Membership, useClubCard } from '../../api/club';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDate, formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { formatFen } from '../../components/money';
import { ClubFeeButtons } from './ClubFeeDialog';

const LEVEL_COLORS = { silver: 'default', gold: 'gold', platinum: 'purple' } as const;

/** 会员卡 on the customer's page: level, balance, benefits and the points ledger; recognised at every dealer of the network. */
export function ClubCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const card = useClubCard(customerId);
  if (card.isPending || card.isError) return null;
  const membership = card.data.membership;
  return (
    <Card
      title={
        <Space>
          <CrownOutlined />
          {t('club.card.title')}
          {membership && (
            <Tag color={LEVEL_COLORS[membership.level]} data-testid="club-level">
              {t(`club.levels.${membership.level}`)}
            </Tag>
          )}
        </Space>
      }
      data-testid="club-card"
    >
      {membership ? <MemberDetails membership={membership} /> : <Enrol customerId={customerId} />}
    </Card>
  );
}

function Enrol({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canEnrol = useCan('club.enrol');
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);

  async function enrol(input: ClubJoinInput) {
    const saved = await clubApi.enrol(customerId, input, idempotency.keyFor(input));
    idempotency.reset();
    queryClient.setQueryData(clubKeys.card(customerId), saved);
    void message.success(
      saved.membership?.feePaidUntil
        ? t('club.fee.paid', { level: t(`club.levels.${saved.membership.level}`), date: saved.membership.feePaidUntil })
        : t('club.card.enrolled'),
    );
  }

  async function enrolFree() {
    setSaving(true);
    try {
      await enrol({});
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Space direction="vertical">
      <Typography.Text type="secondary">{t('club.card.notMember')}</Typography.Text>
      {canEnrol && (
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void enrolFree()} data-testid="club-enrol">
            {t('club.card.enrol')}
          </Button>
          <ClubFeeButtons
            label={(level, fee) => t('club.card.enrolWithFee', { level: t(`club.levels.${level}`), fee })}
            onPay={(feeLevel, method) => enrol({ feeLevel, method })}
          />
        </Space>
      )}
    </Space>
  );
}

/** A member pays a level's annual fee (a renewal continues the year paid for). */
function TakeFee({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  return (
    <ClubFeeButtons
      label={(level, fee) => t('club.fee.pay', { level: t(`club.levels.${level}`), fee })}
      onPay={async (level, method) => {
        const body = { level, method };
        const saved = await clubApi.takeFee(customerId, body, idempotency.keyFor(body));
        idempotency.reset();
        queryClient.setQueryData(clubKeys.card(customerId), saved);
        void message.success(t('club.fee.paid', { level: t(`club.levels.${level}`), date: saved.membership?.feePaidUntil ?? '' }));
      }}
    />
  );
}

function MemberDetails({ membership: m }: { membership: Membership }) {
  const { t } = useTranslation();
  const b = m.benefits;
  const benefits = [
    b.labourDiscountPercent > 0 ? t('club.card.labourDiscount', { percent: b.labourDiscountPercent }) : null,
    b.freeChecks > 0 ? t('club.card.freeChecks', { count: b.freeChecks, left: m.freeServicesLeft.check }) : null,
    b.freeWashes > 0 ? t('club.card.freeWashes', { count: b.freeWashes, left: m.freeServicesLeft.wash }) : null,
    b.priorityBooking ? t('club.card.priorityBooking') : null,
  ].filter((x): x is string => x !== null);
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('club.card.balance')}>
          <Space>
            <Typography.Text strong data-testid="club-balance">
              {m.balance}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('club.card.balanceValue', { amount: formatFen(m.balance * m.pointValueFen) })}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('club.card.spend12m')}>{formatFen(m.spendFen12m)}</Descriptions.Item>
        <Descriptions.Item label={t('club.card.benefits')}>
          <Space wrap size={4}>
            {benefits.map((text) => (
              <Tag key={text}>{text}</Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('club.card.joined', { date: formatDate(m.joinedAt), dealer: m.joinedDealer.name })}
        {m.feePaidUntil && ` · ${t('club.card.feePaidUntil', { date: m.feePaidUntil })}`}
        {m.nextLevel &&
          ` · ${t('club.card.nextLevel', { level: t(`club.levels.${m.nextLevel.level}`), amount: formatFen(m.nextLevel.spendFen) })}`}
        {m.expiring && ` · ${t('club.card.expiring', { points: m.expiring.points, date: m.expiring.on })}`}
      </Typography.Text>
      {m.canTakeFee && (
        <Space wrap>
          <TakeFee customerId={m.customerId} />
        </Space>
      )}
      {m.fees.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="club-fees">
          {m.fees
            .map((f) =>
              t('club.fee.line', {
                level: t(`club.levels.${f.level}`),
                amount: formatFen(f.feeFen),
                method: t(`settlement.methods.${f.method}`),
                from: f.paidFrom,
                until: f.paidUntil,
                dealer: f.dealer.name,
              }),
            )
            .join(' · ')}
        </Typography.Text>
      )}
      <Typography.Text strong>{t('club.card.ledger')}</Typography.Text>
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        dataSource={m.entries}
        locale={{ emptyText: t('club.card.noEntries') }}
        data-testid="club-ledger"
        columns={[
          { title: t('club.card.at'), render: (_, e) => formatDateTime(e.at) },
          { title: t('club.card.kind'), render: (_, e) => t(`club.kinds.${e.kind}`) },
          {
            title: t('club.card.points'),
            align: 'right',
            render: (_, e) => (
              <Typography.Text type={e.points < 0 ? 'danger' : 'success'}>{e.points > 0 ? `+${e.points}` : e.points}</Typography.Text>
            ),
          },
          { title: t('club.card.dealer'), render: (_, e) => e.dealer.name },
          { title: t('club.card.value'), align: 'right', render: (_, e) => (e.valueFen > 0 ? formatFen(e.valueFen) : '—') },
        ]}
      />
    </div>
  );
}
