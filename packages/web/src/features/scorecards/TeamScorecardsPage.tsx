import { SCORECARD_ROLES, SCORECARD_TEAM_OF, type ScorecardRole } from '@servicebay/contracts/constants';
import { Card, Progress, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Scorecard, useTeamScorecards } from '../../api/scorecards';
import { useCan, useUser } from '../../app/session';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { ScorecardSettingsButton } from './ScorecardSettingsDrawer';
import { PeriodPicker, usePeriod } from './ScorecardView';

/** The roles a manager's team holds (SCORECARD_TEAM_OF), as the server decides them too. */
export function useTeamRoles(): ScorecardRole[] {
  const user = useUser();
  const team = new Set(user.roles.flatMap((r) => SCORECARD_TEAM_OF[r] ?? []));
  return SCORECARD_ROLES.filter((r) => team.has(r));
}

/** 团队考核: the scorecards of the staff one manages, one row per person and role; a row opens the card. */
export function TeamScorecardsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const [params, setParams] = useSearchParams();
  const roles = useTeamRoles();
  const role = roles.find((r) => r === params.get('role'));
  const team = useTeamScorecards(period, role);
  const canSet = useCan('scorecard.settings');

  const setRole = (next: ScorecardRole | undefined) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next) copy.set('role', next);
        else copy.delete('role');
        return copy;
      },
      { replace: true },
    );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('scorecards.teamTitle')}
        </Typography.Title>
        <Space wrap>
          <Select<ScorecardRole>
            allowClear
            placeholder={t('scorecards.allRoles')}
            value={role}
            onChange={(v) => setRole(v)}
            options={roles.map((r) => ({ value: r, label: t(`scorecards.roles.${r}`) }))}
            style={{ width: 160 }}
            aria-label={t('scorecards.role')}
            data-testid="scorecard-role"
          />
          <PeriodPicker period={period} onChange={setPeriod} />
          {canSet && <ScorecardSettingsButton />}
        </Space>
      </Space>
      <Card styles={{ body: { padding: 0 } }}>
        {team.isPending ? (
          <PageSkeleton cards={1} />
        ) : team.isError ? (
          <ErrorState error={team.error} onRetry={() => void team.refetch()} />
        ) : team.data.items.length === 0 ? (
          <EmptyState description={t('scorecards.noTeam')} />
        ) : (
          <Table<Scorecard>
            size="middle"
            rowKey={(c) => `${c.userId}/${c.role}`}
            dataSource={team.data.items}
            pagination={false}
            data-testid="scorecard-team"
            onRow={(c) => ({ 'data-testid': 'scorecard-team-row', 'data-role': c.role }) as never}
            columns={[
              {
                title: t('scorecards.columns.person'),
                dataIndex: 'name',
                render: (name: string, c) => <Link to={`/scorecards/team/${c.userId}?period=${period.from}`}>{name}</Link>,
              },
              { title: t('scorecards.role'), dataIndex: 'role', render: (r: ScorecardRole) => t(`scorecards.roles.${r}`) },
              {
                title: t('scorecards.columns.score'),
                dataIndex: 'score',
                defaultSortOrder: 'descend',
                sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
                render: (score: number | null) =>
                  score === null ? (
                    <Typography.Text type="secondary">{t('scorecards.noData')}</Typography.Text>
                  ) : (
                    <Progress percent={score} format={() => String(score)} size="small" style={{ width: 160, margin: 0 }} />
                  ),
              },
              {
                title: t('scorecards.columns.pointsOfWeight'),
                render: (_: unknown, c) => `${c.points} / ${c.weightWithData}`,
              },
              {
                title: t('scorecards.columns.noDataParts'),
                render: (_: unknown, c) => c.parts.filter((p) => p.value === null && p.weight > 0).length,
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
