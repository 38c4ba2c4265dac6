import { SettingOutlined } from '@ant-design/icons';
import { SCORECARD_ROLES, type ScorecardMetricSetting, type ScorecardRole } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, InputNumber, Space, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/problems';
import { scorecardKeys, scorecardsApi, useScorecardSettings } from '../../api/scorecards';
import { ErrorState, PageSkeleton } from '../../components/PageState';

/** 考核设置: per role, each measure's weight (the weights adding up to 100) and its monthly target. */
export function ScorecardSettingsButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<ScorecardRole>('service_advisor');
  const [draft, setDraft] = useState<Partial<Record<ScorecardRole, ScorecardMetricSetting[]>>>({});
  const [saving, setSaving] = useState(false);
  const settings = useScorecardSettings(open);

  useEffect(() => {
    if (settings.data) setDraft(Object.fromEntries(settings.data.roles.map((r) => [r.role, r.metrics])));
  }, [settings.data]);

  const rows = draft[role] ?? [];
  const total = rows.reduce((sum, r) => sum + r.weight, 0);
  const change = (metric: string, patch: Partial<ScorecardMetricSetting>) =>
    setDraft((d) => ({ ...d, [role]: (d[role] ?? []).map((r) => (r.metric === metric ? { ...r, ...patch } : r)) }));

  async function save() {
    const version = settings.data?.roles.find((r) => r.role === role)?.version ?? 0;
    setSaving(true);
    try {
      const saved = await scorecardsApi.saveSettings(role, { version, metrics: rows });
      queryClient.setQueryData(scorecardKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: scorecardKeys.all, predicate: (q) => q.queryKey[1] !== 'settings' });
      void message.success(t('scorecards.settingsSaved'));
    } catch (error) {
      void message.error(errorMessage(error));
      void settings.refetch();
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="scorecard-settings">
        {t('scorecards.settings')}
      </Button>
      <Drawer
        open={open}
        title={t('scorecards.settingsTitle')}
        width={640}
        onClose={() => setOpen(false)}
        extra={
          <Button
            type="primary"
            loading={saving}
            disabled={total !== 100}
            onClick={() => void save()}
            data-testid="scorecard-settings-save"
          >
            {t('common.save')}
          </Button>
        }
      >
        {settings.isPending ? (
          <PageSkeleton cards={1} />
        ) : settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Tabs
              activeKey={role}
              onChange={(k) => setRole(k as ScorecardRole)}
              items={SCORECARD_ROLES.map((r) => ({ key: r, label: t(`scorecards.roles.${r}`) }))}
            />
            <Typography.Text type={total === 100 ? 'secondary' : 'danger'} data-testid="scorecard-weight-total">
              {t('scorecards.weightTotal', { total })}
            </Typography.Text>
            <Table<ScorecardMetricSetting>
              size="small"
              rowKey="metric"
              pagination={false}
              dataSource={rows}
              columns={[
                {
                  title: t('scorecards.columns.metric'),
                  dataIndex: 'metric',
                  render: (m: ScorecardMetricSetting['metric']) => t(`scorecards.metrics.${m}`),
                },
                {
                  title: t('scorecards.columns.weight'),
                  dataIndex: 'weight',
                  render: (w: number, r) => (
                    <InputNumber<number>
                      min={0}
                      max={100}
                      precision={0}
                      value={w}
                      onChange={(v) => change(r.metric, { weight: v ?? 0 })}
                      aria-label={`${t(`scorecards.metrics.${r.metric}`)} ${t('scorecards.columns.weight')}`}
                    />
                  ),
                },
                {
                  title: t('scorecards.columns.monthlyTarget'),
                  dataIndex: 'target',
                  render: (v: number, r) => (
                    <InputNumber<number>
                      min={0}
                      value={r.metric.endsWith('Fen') ? v / 100 : v}
                      onChange={(n) => change(r.metric, { target: r.metric.endsWith('Fen') ? Math.round((n ?? 0) * 100) : (n ?? 0) })}
                      addonAfter={r.metric.endsWith('Fen') ? '¥' : undefined}
                      style={{ width: 160 }}
                      aria-label={`${t(`scorecards.metrics.${r.metric}`)} ${t('scorecards.columns.monthlyTarget')}`}
                    />
                  ),
                },
              ]}
            />
          </Space>
        )}
      </Drawer>
    </>
  );
}
