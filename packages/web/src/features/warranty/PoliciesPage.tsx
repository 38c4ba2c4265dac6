import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWarrantyPolicies, type WarrantyPolicy } from '../../api/warranty';
import { dealerToday, formatDate } from '../../components/DateText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PolicyFormDrawer } from './PolicyFormDrawer';
import { WarrantyHeader } from './WarrantyNav';
import { WarrantySettingsCard } from './WarrantySettingsCard';
import { groupPolicies, type PolicyGroup, versionInForce } from './warranty';

/** 私家车 36 个月 / 100,000 km, one line per use. */
function TermsList({ policy }: { policy: WarrantyPolicy }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 2 }}>
      {policy.terms.vehicle.map((v) => (
        <span key={v.useType} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary">{t(`vehicle.useTypes.${v.useType}`)}</Typography.Text>{' '}
          {t('warranty.period', { months: v.months, km: v.km.toLocaleString() })}
        </span>
      ))}
    </div>
  );
}

function ComponentsList({ policy }: { policy: WarrantyPolicy }) {
  const { t } = useTranslation();
  if (policy.terms.components.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <div style={{ display: 'grid', gap: 2 }}>
      {policy.terms.components.map((c) => (
        <span key={c.code} style={{ whiteSpace: 'nowrap' }}>
          {c.name}{' '}
          <Typography.Text type="secondary" className="sb-mono" style={{ fontSize: 12 }}>
            {c.code}
          </Typography.Text>{' '}
          {t('warranty.period', { months: c.months, km: c.km.toLocaleString() })}
        </span>
      ))}
    </div>
  );
}

/** One model (and model year): its versions, newest first, the one in force today marked. */
function GroupTable({
  group,
  canWrite,
  onNewVersion,
}: {
  group: PolicyGroup;
  canWrite: boolean;
  onNewVersion: (from: WarrantyPolicy) => void;
}) {
  const { t } = useTranslation();
  const today = dealerToday().format('YYYY-MM-DD');
  const current = versionInForce(group.versions, today);
  const latest = group.versions[0]!;
  const state = (p: WarrantyPolicy) =>
    p.id === current?.id ? (
      <Tag color="green">{t('warranty.policies.current')}</Tag>
    ) : p.effectiveFrom > today ? (
      <Tag color="blue">{t('warranty.policies.upcoming')}</Tag>
    ) : (
      <Tag>{t('warranty.policies.earlier')}</Tag>
    );
  return (
    <div
      style={{ display: 'grid', gap: 8, gridTemplateColumns: 'minmax(0, 1fr)' }}
      data-testid="policy-group"
      data-model-year={group.modelYear ?? ''}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Text strong>
          {group.modelYear === null ? t('warranty.policies.allYears') : t('warranty.policies.year', { year: group.modelYear })}
        </Typography.Text>
        {canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onNewVersion(latest)} data-testid="policy-new-version-of">
            {t('warranty.policies.newVersion')}
          </Button>
        )}
      </div>
      <Table<WarrantyPolicy>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={group.versions}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('warranty.policies.version'),
            width: 120,
            render: (_, p) => (
              <Space size={4} wrap>
                <Typography.Text strong>{t('warranty.policies.versionLabel', { version: p.version })}</Typography.Text>
                {state(p)}
              </Space>
            ),
          },
          { title: t('warranty.policies.effectiveFrom'), width: 110, render: (_, p) => formatDate(p.effectiveFrom) },
          { title: t('warranty.policies.vehicleTerms'), render: (_, p) => <TermsList policy={p} /> },
          { title: t('warranty.policies.components'), render: (_, p) => <ComponentsList policy={p} /> },
          {
            title: t('warranty.policies.fittedParts'),
            width: 100,
            render: (_, p) => t('warranty.months', { months: p.terms.fittedPartsMonths }),
          },
          {
            title: t('warranty.policies.firstMaintenance'),
            width: 150,
            render: (_, p) =>
              p.terms.firstMaintenance
                ? t('warranty.period', { months: p.terms.firstMaintenance.months, km: p.terms.firstMaintenance.km.toLocaleString() })
                : t('warranty.policies.noFirstMaintenance'),
          },
          {
            title: t('warranty.policies.note'),
            width: 180,
            render: (_, p) =>
              p.note ? (
                <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ marginBottom: 0 }}>
                  {p.note}
                </Typography.Paragraph>
              ) : null,
          },
        ]}
      />
    </div>
  );
}

/** 保修政策: the car maker's warranty terms by model and model year, each change a new version; the claim settings. */
export function PoliciesPage() {
  const { t } = useTranslation();
  const policies = useWarrantyPolicies();
  const [drawer, setDrawer] = useState<{ from?: WarrantyPolicy } | null>(null);
  const canWrite = policies.data?.canWrite ?? false;

  let body: ReactNode;
  if (policies.isPending) body = <PageSkeleton cards={2} />;
  else if (policies.isError) body = <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />;
  else if (policies.data.items.length === 0)
    body = (
      <Card>
        <EmptyState description={canWrite ? t('warranty.policies.emptyWrite') : t('warranty.policies.empty')}>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({})}>
              {t('warranty.policies.newVersion')}
            </Button>
          )}
        </EmptyState>
      </Card>
    );
  else
    body = groupPolicies(policies.data.items).map(({ model, groups }) => (
      <Card
        key={model.id}
        title={
          <Space>
            {model.name}
            <Typography.Text type="secondary" className="sb-mono">
              {model.code}
            </Typography.Text>
          </Space>
        }
        data-testid="policy-model"
        data-model={model.code}
      >
        <div style={{ display: 'grid', gap: 20, gridTemplateColumns: 'minmax(0, 1fr)' }}>
          {groups.map((group) => (
            <GroupTable key={group.key} group={group} canWrite={canWrite} onNewVersion={(from) => setDrawer({ from })} />
          ))}
        </div>
      </Card>
    ));

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="policies-page">
      <WarrantyHeader
        title={t('warranty.policies.title')}
        extra={
          <Space wrap>
            <Button
              icon={<ReloadOutlined spin={policies.isFetching} />}
              aria-label={t('common.reload')}
              onClick={() => void policies.refetch()}
            />
            {canWrite && (
              <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setDrawer({})} data-testid="policy-new">
                {t('warranty.policies.newVersion')}
              </Button>
            )}
          </Space>
        }
      />
      <Typography.Text type="secondary">{t('warranty.policies.hint')}</Typography.Text>
      <WarrantySettingsCard />
      {body}
      {canWrite && <PolicyFormDrawer open={drawer !== null} from={drawer?.from} onClose={() => setDrawer(null)} />}
    </div>
  );
}
