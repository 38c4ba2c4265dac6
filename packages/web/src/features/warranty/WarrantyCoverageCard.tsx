import { CheckCircleOutlined, ExclamationCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { isHidden, type TermCoverage, useVehicleWarranty, type WarrantyCoverage } from '../../api/warranty';
import { formatDate } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import { TermStateTag, termLabel } from './WarrantyTags';

/** "36 个月 / 100,000 km", or "自安装起 12 个月" for parts fitted at a dealer. */
export function useTermPeriod() {
  const { t } = useTranslation();
  return (term: Pick<TermCoverage, 'kind' | 'months' | 'km'>) =>
    term.kind === 'fitted_parts'
      ? t('warranty.coverage.fittedPeriod', { months: term.months })
      : term.km === null
        ? t('warranty.months', { months: term.months })
        : t('warranty.period', { months: term.months, km: term.km.toLocaleString() });
}

/** Why nothing can be judged about the car's warranty. */
export function UnknownCoverage({ coverage }: { coverage: Pick<WarrantyCoverage, 'unknownBecause'> }) {
  const { t } = useTranslation();
  if (!coverage.unknownBecause) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t(`warranty.coverage.unknown.${coverage.unknownBecause}`)}
      data-testid="coverage-unknown"
      data-reason={coverage.unknownBecause}
    />
  );
}

/** 按时保养: yes, or since when a service was overdue. */
export function ScheduleText({ coverage }: { coverage: Pick<WarrantyCoverage, 'serviceOnSchedule' | 'overdueSince'> }) {
  const { t } = useTranslation();
  return coverage.serviceOnSchedule ? (
    <Typography.Text type="success" data-testid="coverage-schedule" data-on-schedule="true">
      <CheckCircleOutlined /> {t('common.yes')}
    </Typography.Text>
  ) : (
    <Typography.Text type="danger" data-testid="coverage-schedule" data-on-schedule="false">
      <ExclamationCircleOutlined />{' '}
      {coverage.overdueSince ? t('warranty.coverage.overdueSince', { date: formatDate(coverage.overdueSince) }) : t('common.no')}
    </Typography.Text>
  );
}

/** The policy's terms for this car: each with its end date and km and whether it still covers. */
export function CoverageTermsTable({ terms }: { terms: TermCoverage[] }) {
  const { t } = useTranslation();
  const period = useTermPeriod();
  return (
    <Table<TermCoverage>
      size="small"
      rowKey="term"
      pagination={false}
      dataSource={terms}
      scroll={{ x: 560 }}
      locale={{ emptyText: t('warranty.coverage.noTerms') }}
      data-testid="coverage-terms"
      onRow={(term) =>
        ({ 'data-testid': 'coverage-term', 'data-term': term.term, 'data-active': term.active }) as HTMLAttributes<HTMLElement>
      }
      columns={[
        { title: t('warranty.coverage.term'), render: (_, term) => termLabel(term.term, term.name) },
        { title: t('warranty.coverage.period'), render: (_, term) => <span style={{ whiteSpace: 'nowrap' }}>{period(term)}</span> },
        {
          title: t('warranty.coverage.endsOn'),
          render: (_, term) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(term.endsOn) ?? t('common.none')}</span>,
        },
        {
          title: t('warranty.coverage.endsKm'),
          align: 'right',
          render: (_, term) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {term.endsKm === null ? t('common.none') : t('common.km', { km: term.endsKm.toLocaleString() })}
            </span>
          ),
        },
        { title: t('warranty.coverage.state'), render: (_, term) => <TermStateTag term={term} /> },
      ]}
    />
  );
}

/** 保修状态 on the vehicle page: the policy that judges the car, its terms today, the service schedule. */
export function WarrantyCoverageCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const coverage = useVehicleWarranty(vehicleId);
  const title = (
    <Space>
      <SafetyCertificateOutlined />
      {t('warranty.coverage.title')}
    </Space>
  );
  if (coverage.isPending)
    return (
      <Card title={title}>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  if (coverage.isError) {
    if (isHidden(coverage.error)) return null;
    return (
      <Card title={title}>
        <ErrorState error={coverage.error} onRetry={() => void coverage.refetch()} />
      </Card>
    );
  }
  const c = coverage.data;
  const none = t('common.none');
  return (
    <Card
      title={title}
      extra={
        c.policy ? (
          <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="coverage-policy">
            {t('warranty.coverage.policy', { version: c.policy.version, date: formatDate(c.policy.effectiveFrom) })}
          </Tag>
        ) : undefined
      }
      data-testid="warranty-coverage-card"
    >
      <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'minmax(0, 1fr)' }}>
        <UnknownCoverage coverage={c} />
        <Descriptions column={{ xs: 1, sm: 2, xl: 4 }} size="small">
          <Descriptions.Item label={t('warranty.coverage.soldOn')}>
            <span data-testid="coverage-sold-on">{formatDate(c.deliveredOn) ?? none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.coverage.useAtSale')}>{t(`vehicle.useTypes.${c.useTypeAtSale}`)}</Descriptions.Item>
          <Descriptions.Item label={t('warranty.coverage.km')}>
            {c.km === null ? none : t('common.km', { km: c.km.toLocaleString() })}
          </Descriptions.Item>
          {c.unknownBecause === null && (
            <Descriptions.Item label={t('warranty.coverage.onSchedule')}>
              <ScheduleText coverage={c} />
            </Descriptions.Item>
          )}
        </Descriptions>
        {c.terms.length > 0 && <CoverageTermsTable terms={c.terms} />}
      </div>
    </Card>
  );
}
