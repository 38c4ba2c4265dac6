import { AuditOutlined, RightOutlined } from '@ant-design/icons';
import type { ProcessFiguresRow, VisitCheck } from '@servicebay/contracts';
import { App, Button, Card, Col, DatePicker, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/problems';
import { type ProcessPeriod, processChecksApi, useDrills, useProcessFigures, useProcessSample } from '../../api/processChecks';
import { useCan } from '../../app/session';
import { dealerToday, formatDate, formatDateTime } from '../../components/DateText';
import { NetworkDealerFilter, useIsCarMaker } from '../../components/NetworkDealerFilter';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { DrillButton } from './DrillModal';
import { ItemLabel } from './ItemLabel';
import { ProcessSettingsButton } from './ProcessSettingsDrawer';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

function FigureCard({
  label,
  value,
  target,
  detail,
  testId,
}: {
  label: string;
  value: number | null;
  target: number;
  detail: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const shown = percent(value);
  const met = value !== null && value >= target;
  return (
    <Card data-testid={testId} data-value={shown ?? ''}>
      <Statistic title={label} value={shown ?? '—'} suffix={shown === null ? undefined : '%'} />
      <Progress percent={shown ?? 0} showInfo={false} status={value === null ? 'normal' : met ? 'success' : 'exception'} />
      <Space wrap size={8}>
        <Typography.Text type="secondary">{t('processChecks.figures.target', { value: percent(target) })}</Typography.Text>
        {value === null ? (
          <Tag>{t('processChecks.figures.noData')}</Tag>
        ) : (
          <Tag color={met ? 'success' : 'error'}>{t(met ? 'processChecks.figures.met' : 'processChecks.figures.below')}</Tag>
        )}
      </Space>
      <div>
        <Typography.Text type="secondary">{detail}</Typography.Text>
      </div>
    </Card>
  );
}

function DealerFigures({ row }: { row: ProcessFiguresRow }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <FigureCard
            testId="figure-execution"
            label={t('processChecks.figures.execution')}
            value={row.executionRate}
            target={row.targets.executionRate}
            detail={t('processChecks.figures.visits', { executed: row.executed, visits: row.visits })}
          />
        </Col>
        <Col xs={24} md={8}>
          <FigureCard
            testId="figure-coverage"
            label={t('processChecks.figures.coverage')}
            value={row.coverageRate}
            target={row.targets.coverageRate}
            detail={t('processChecks.figures.checked', { checked: row.spotChecked, visits: row.visits, failed: row.failedSpotChecks })}
          />
        </Col>
        <Col xs={24} md={8}>
          <FigureCard
            testId="figure-drill"
            label={t('processChecks.figures.drillPass')}
            value={row.drillPassRate}
            target={row.targets.drillPassRate}
            detail={t('processChecks.figures.drills', { passed: row.drillPassed, participants: row.drillParticipants })}
          />
        </Col>
      </Row>
      <Card title={t('processChecks.perItemTitle')} size="small">
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={row.perItem}
          columns={[
            { title: t('processChecks.columns.step'), key: 'step', render: (_, r) => t(`processChecks.steps.${r.step}`) },
            { title: t('processChecks.columns.item'), key: 'item', render: (_, r) => <ItemLabel code={r.code} label={null} /> },
            { title: t('processChecks.columns.applicable'), dataIndex: 'applicable', align: 'right' },
            {
              title: t('processChecks.columns.rate'),
              key: 'rate',
              render: (_, r) => (r.rate === null ? '—' : <Progress percent={percent(r.rate)!} size="small" style={{ minWidth: 140 }} />),
            },
          ]}
        />
      </Card>
    </>
  );
}

function NetworkFigures({ rows, onPick }: { rows: ProcessFiguresRow[]; onPick: (dealerId: string) => void }) {
  const { t } = useTranslation();
  const rateCell = (value: number | null, target: number) =>
    value === null ? '—' : <Typography.Text type={value >= target ? 'success' : 'danger'}>{percent(value)}%</Typography.Text>;
  return (
    <Card>
      <Table
        rowKey={(r) => r.dealer.id}
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="network-figures"
        columns={[
          {
            title: t('processChecks.columns.dealer'),
            key: 'dealer',
            render: (_, r) => <Typography.Link onClick={() => onPick(r.dealer.id)}>{r.dealer.name}</Typography.Link>,
          },
          { title: t('processChecks.columns.execution'), key: 'e', render: (_, r) => rateCell(r.executionRate, r.targets.executionRate) },
          { title: t('processChecks.columns.coverage'), key: 'c', render: (_, r) => rateCell(r.coverageRate, r.targets.coverageRate) },
          { title: t('processChecks.columns.drillPass'), key: 'd', render: (_, r) => rateCell(r.drillPassRate, r.targets.drillPassRate) },
        ]}
      />
    </Card>
  );
}

function SampleRow({ visit, onStart, starting }: { visit: VisitCheck; onStart: () => void; starting: boolean }) {
  const { t } = useTranslation();
  const missed = visit.items.filter((i) => i.met === false).length;
  return (
    <div className="sb-row" style={{ flexWrap: 'wrap', gap: 12 }} data-testid="sample-row" data-visit={visit.visitId}>
      <div style={{ flex: '1 1 260px', minWidth: 0, display: 'grid', gap: 4 }}>
        <Space wrap size={8}>
          <PlateTag plate={visit.plate} size="small" />
          <Typography.Text strong>{visit.sa?.name ?? '—'}</Typography.Text>
          {visit.roNumber && <Typography.Text type="secondary">{visit.roNumber}</Typography.Text>}
        </Space>
        <Space wrap size={8}>
          <Typography.Text type="secondary">{formatDateTime(visit.arrivedAt)}</Typography.Text>
          <Tag color={missed > 0 ? 'error' : 'success'}>
            {missed > 0 ? t('processChecks.missed', { count: missed }) : t('processChecks.allMet')}
          </Tag>
        </Space>
      </div>
      <Button type="primary" size="large" icon={<AuditOutlined />} loading={starting} onClick={onStart} data-testid="sample-start">
        {visit.spotCheck ? t('processChecks.continueCheck') : t('processChecks.startCheck')}
      </Button>
    </div>
  );
}

function Sample({ period }: { period: ProcessPeriod }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const sample = useProcessSample(period, true);
  const [starting, setStarting] = useState<string | null>(null);
  async function start(visitId: string) {
    setStarting(visitId);
    try {
      const check = await processChecksApi.start(visitId);
      navigate(`/process-checks/spot-checks/${check.id}`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setStarting(null);
    }
  }
  return (
    <Card title={t('processChecks.sampleTitle')} data-testid="process-sample">
      {sample.isPending ? (
        <PageSkeleton cards={1} />
      ) : sample.isError ? (
        <ErrorState error={sample.error} onRetry={() => void sample.refetch()} />
      ) : (
        <div style={{ display: 'grid', gap: 8 }}>
          <Typography.Text type="secondary" data-testid="sample-hint">
            {sample.data.needed > 0
              ? t('processChecks.sampleHint', {
                  visits: sample.data.visits,
                  checked: sample.data.checked,
                  needed: sample.data.needed,
                  target: percent(sample.data.target),
                })
              : t('processChecks.sampleDone')}
          </Typography.Text>
          {sample.data.items.map((visit) => (
            <SampleRow key={visit.visitId} visit={visit} starting={starting === visit.visitId} onStart={() => void start(visit.visitId)} />
          ))}
        </div>
      )}
    </Card>
  );
}

function Drills({ period }: { period: ProcessPeriod }) {
  const { t } = useTranslation();
  const drills = useDrills(period);
  return (
    <Card title={t('processChecks.drillsTitle')} size="small" data-testid="process-drills">
      {drills.isPending ? (
        <PageSkeleton cards={1} />
      ) : drills.isError ? (
        <ErrorState error={drills.error} onRetry={() => void drills.refetch()} />
      ) : drills.data.items.length === 0 ? (
        <EmptyState description={t('processChecks.noDrills')} />
      ) : (
        <div style={{ display: 'grid', gap: 6 }}>
          {drills.data.items.map((d) => (
            <Space key={d.id} wrap size={8}>
              <Tag>{t(`processChecks.drillKinds.${d.kind}`)}</Tag>
              <Typography.Text>
                {t('processChecks.drillLine', {
                  date: formatDate(d.heldOn),
                  title: d.title,
                  passed: d.participants.filter((p) => p.result === 'pass').length,
                  total: d.participants.length,
                })}
              </Typography.Text>
              {d.participants
                .filter((p) => p.result === 'fail')
                .map((p) => (
                  <Tag key={p.user.id} color="error">
                    {p.user.name}
                  </Tag>
                ))}
            </Space>
          ))}
        </div>
      )}
    </Card>
  );
}

/** 流程点检: the process figures against the dealer's targets, the visits to check, and the drills. */
export function ProcessChecksPage() {
  const { t } = useTranslation();
  const carMaker = useIsCarMaker();
  const canCheck = useCan('process_check.spot_check') && !carMaker;
  const canManage = useCan('process_check.manage') && !carMaker;
  const canDrill = useCan('process_check.drill') && !carMaker;
  // The last 30 days by default, as the server reads them.
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>(() => [dealerToday().subtract(29, 'day'), dealerToday()]);
  const [dealerId, setDealerId] = useState<string | undefined>(undefined);
  const period: ProcessPeriod = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    ...(dealerId ? { dealerId } : {}),
  };
  const figures = useProcessFigures(period);

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="process-checks-page">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('processChecks.title')}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {carMaker && <NetworkDealerFilter value={dealerId} onChange={setDealerId} />}
        {canDrill && <DrillButton />}
        {canManage && <ProcessSettingsButton />}
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          inputReadOnly
          disabledDate={(d) => d.isAfter(dealerToday(), 'day')}
          onChange={(next) => next?.[0] && next[1] && setRange([next[0], next[1]])}
          aria-label={t('processChecks.period')}
          data-testid="process-period"
        />
      </div>
      {figures.isPending ? (
        <PageSkeleton cards={2} />
      ) : figures.isError ? (
        <ErrorState error={figures.error} onRetry={() => void figures.refetch()} />
      ) : carMaker && !dealerId ? (
        <NetworkFigures rows={figures.data.items} onPick={setDealerId} />
      ) : figures.data.items[0] ? (
        <DealerFigures row={figures.data.items[0]} />
      ) : null}
      {canCheck && <Sample period={period} />}
      <Drills period={period} />
      {carMaker && dealerId && (
        <Button type="link" icon={<RightOutlined />} onClick={() => setDealerId(undefined)}>
          {t('networkRead.allDealers')}
        </Button>
      )}
    </div>
  );
}
