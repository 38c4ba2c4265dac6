import type { ScorecardUnit } from '@servicebay/contracts';
import { DatePicker, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Scorecard, ScorecardPart, ScorecardPeriod } from '../../api/scorecards';
import { dealerToday } from '../../components/DateText';
import { formatFen } from '../../components/money';

const GROUP_COLORS = { workload: 'blue', execution: 'cyan', results: 'gold', satisfaction: 'magenta' } as const;

/** The period the address holds (?period=YYYY-MM), else the running month. */
export function usePeriod(): [ScorecardPeriod, (month: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('period');
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : dealerToday().format('YYYY-MM');
  const set = (next: string) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        copy.set('period', next);
        return copy;
      },
      { replace: true },
    );
  return [{ from: month, to: month }, set];
}

export function PeriodPicker({ period, onChange }: { period: ScorecardPeriod; onChange: (month: string) => void }) {
  const { t } = useTranslation();
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      inputReadOnly
      value={dayjs(`${period.from}-01`)}
      disabledDate={(d) => d.isAfter(dealerToday(), 'month')}
      onChange={(d) => d && onChange(d.format('YYYY-MM'))}
      aria-label={t('scorecards.period')}
      data-testid="scorecard-period"
    />
  );
}

/** A measure's value as it reads: a count, a percent, yuan, hours or a CSI score. */
export function formatMeasure(value: number, unit: ScorecardUnit, hoursOf: (value: number) => string): string {
  switch (unit) {
    case 'percent':
      return `${value}%`;
    case 'fen':
      return formatFen(Math.round(value));
    case 'hours':
      return hoursOf(value);
    default:
      return String(value);
  }
}

/** One card: the score, how it is made, and every part with its value, target, weight and points. */
export function ScorecardView({ card }: { card: Scorecard }) {
  const { t } = useTranslation();
  const hoursOf = (value: number) => t('scorecards.hours', { value });
  const noData = <Tag data-testid="scorecard-no-data">{t('scorecards.noData')}</Tag>;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid={`scorecard-${card.role}`}>
      <Space size="large" wrap align="center">
        <Progress
          type="circle"
          size={96}
          percent={card.score ?? 0}
          format={() => (card.score === null ? '—' : String(card.score))}
          data-testid="scorecard-score"
        />
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{t(`scorecards.roles.${card.role}`)}</Typography.Text>
          <Typography.Text type="secondary" data-testid="scorecard-explain">
            {card.score === null
              ? t('scorecards.noScore')
              : t('scorecards.explain', { points: card.points, weight: card.weightWithData, score: card.score })}
          </Typography.Text>
          {card.weightWithData < card.weightTotal && (
            <Typography.Text type="secondary">
              {t('scorecards.partialWeight', { missing: card.weightTotal - card.weightWithData })}
            </Typography.Text>
          )}
          {card.bookingIncentive && (
            <Typography.Text data-testid="scorecard-booking-incentive">
              {t('scorecards.bookingIncentive', {
                kept: card.bookingIncentive.keptAppointments,
                per: formatFen(card.bookingIncentive.perKeptFen),
                earned: formatFen(card.bookingIncentive.earnedFen),
              })}
            </Typography.Text>
          )}
        </Space>
      </Space>
      <Table<ScorecardPart>
        size="small"
        rowKey="metric"
        pagination={false}
        dataSource={card.parts}
        scroll={{ x: 720 }}
        onRow={(p) => ({ 'data-testid': 'scorecard-part', 'data-metric': p.metric }) as never}
        columns={[
          {
            title: t('scorecards.columns.group'),
            dataIndex: 'group',
            width: 90,
            render: (group: ScorecardPart['group']) => <Tag color={GROUP_COLORS[group]}>{t(`scorecards.groups.${group}`)}</Tag>,
          },
          {
            title: t('scorecards.columns.metric'),
            dataIndex: 'metric',
            render: (metric: ScorecardPart['metric']) => (
              <Tooltip title={t(`scorecards.hints.${metric}`)}>
                <span>{t(`scorecards.metrics.${metric}`)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('scorecards.columns.value'),
            dataIndex: 'value',
            align: 'right',
            render: (_: unknown, p) =>
              p.value === null ? noData : <span data-testid="scorecard-value">{formatMeasure(p.value, p.unit, hoursOf)}</span>,
          },
          {
            title: t('scorecards.columns.target'),
            dataIndex: 'target',
            align: 'right',
            render: (_: unknown, p) => `${p.lowerIsBetter ? '≤ ' : ''}${formatMeasure(p.target, p.unit, hoursOf)}`,
          },
          { title: t('scorecards.columns.weight'), dataIndex: 'weight', align: 'right', width: 70 },
          {
            title: t('scorecards.columns.achievement'),
            dataIndex: 'achievement',
            align: 'right',
            render: (a: number | null) => (a === null ? '—' : `${Math.round(a * 1000) / 10}%`),
          },
          {
            title: t('scorecards.columns.points'),
            dataIndex: 'points',
            align: 'right',
            render: (points: number | null, p) =>
              points === null ? (
                '—'
              ) : p.weight === 0 ? (
                <Typography.Text type="secondary">{t('scorecards.unweighted')}</Typography.Text>
              ) : (
                points
              ),
          },
        ]}
      />
    </Space>
  );
}
