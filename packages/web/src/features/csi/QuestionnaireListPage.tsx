import { CopyOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { csiApi, csiKeys, type Questionnaire, useQuestionnaires } from '../../api/csi';
import { errorMessage } from '../../api/problems';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { SurveySettingsCard } from '../settings/SurveySettingsCard';

/** Can this user change the questionnaire? A dealer its own, the car maker the network's. */
export function canEditQuestionnaire(q: Pick<Questionnaire, 'scope'>, carMaker: boolean): boolean {
  return carMaker ? q.scope === 'network' : q.scope === 'dealer';
}

/** 满意度问卷: the dealer's own questionnaires and the car maker's network ones, with their versions. */
export function QuestionnaireListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useUser();
  const carMaker = !user.dealer;
  const canManage = useCan('csi.manage');
  const list = useQuestionnaires();
  const [copyOpen, setCopyOpen] = useState(false);
  const [source, setSource] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  async function toggle(q: Questionnaire, active: boolean) {
    setToggling(q.id);
    try {
      const saved = await csiApi.updateQuestionnaire(q.id, { rowVersion: q.rowVersion, active });
      queryClient.setQueryData(csiKeys.questionnaire(q.id), saved);
      await queryClient.invalidateQueries({ queryKey: csiKeys.questionnaires });
      void message.success(active ? t('csi.builder.activated') : t('csi.builder.deactivated'));
    } catch (error) {
      void message.error(errorMessage(error));
      void queryClient.invalidateQueries({ queryKey: csiKeys.questionnaires });
    } finally {
      setToggling(null);
    }
  }

  const startCopy = (id: string | null) => {
    setSource(id ?? list.data?.find((q) => q.active)?.id ?? list.data?.[0]?.id ?? null);
    setCopyOpen(true);
  };

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="questionnaire-list-page">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('csi.builder.listTitle')}
        </Typography.Title>
        <Space wrap>
          <Link to="/kpis/csi">
            <Button>{t('csi.title')}</Button>
          </Link>
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => startCopy(null)}
              disabled={!list.data?.length}
              data-testid="questionnaire-new"
            >
              {t('csi.builder.new')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('csi.builder.listHint')}
      </Typography.Paragraph>
      {list.isPending ? (
        <PageSkeleton cards={1} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Questionnaire>
            rowKey="id"
            size="middle"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list.data}
            locale={{ emptyText: <EmptyState description={t('csi.builder.none')} /> }}
            data-testid="questionnaire-list"
            onRow={(q) => ({ 'data-questionnaire-id': q.id }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('csi.builder.name'),
                key: 'name',
                render: (_, q) => <Link to={`/settings/questionnaires/${q.id}`}>{q.name}</Link>,
              },
              {
                title: t('csi.builder.scope'),
                key: 'scope',
                render: (_, q) => <Tag color={q.scope === 'network' ? 'geekblue' : 'green'}>{t(`csi.builder.scopes.${q.scope}`)}</Tag>,
              },
              {
                title: t('csi.builder.active'),
                key: 'active',
                render: (_, q) => (
                  <Switch
                    checked={q.active}
                    loading={toggling === q.id}
                    disabled={!canManage || !canEditQuestionnaire(q, carMaker)}
                    onChange={(checked) => void toggle(q, checked)}
                    aria-label={t('csi.builder.active')}
                    data-testid="questionnaire-active"
                  />
                ),
              },
              { title: t('csi.builder.currentVersion'), key: 'version', align: 'right', render: (_, q) => `v${q.currentVersion}` },
              { title: t('csi.builder.versions'), key: 'versions', align: 'right', render: (_, q) => q.versions.length },
              {
                title: t('csi.builder.responses'),
                key: 'responses',
                align: 'right',
                render: (_, q) => q.versions.reduce((sum, v) => sum + v.responses, 0),
              },
              { title: t('csi.builder.updatedAt'), key: 'updatedAt', render: (_, q) => formatDateTime(q.updatedAt) },
              {
                title: '',
                key: 'actions',
                render: (_, q) => (
                  <Space>
                    <Button size="small" icon={<EditOutlined />} onClick={() => void navigate(`/settings/questionnaires/${q.id}`)}>
                      {canManage && canEditQuestionnaire(q, carMaker) ? t('common.edit') : t('csi.builder.view')}
                    </Button>
                    {canManage && (
                      <Button size="small" icon={<CopyOutlined />} onClick={() => startCopy(q.id)} data-testid="questionnaire-copy">
                        {t('csi.builder.copy')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {canManage && !!user.dealer && <SurveySettingsCard />}
      <Modal
        open={copyOpen}
        title={t('csi.builder.new')}
        onCancel={() => setCopyOpen(false)}
        okText={t('csi.builder.copyOk')}
        okButtonProps={{ disabled: !source, 'data-testid': 'questionnaire-copy-ok' }}
        onOk={() => {
          setCopyOpen(false);
          void navigate(`/settings/questionnaires/new?from=${source}`);
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('csi.builder.copyFrom')} extra={t('csi.builder.copyHint')}>
            <Select<string>
              value={source ?? undefined}
              onChange={setSource}
              options={(list.data ?? []).map((q) => ({ value: q.id, label: `${q.name} (v${q.currentVersion})` }))}
              data-testid="questionnaire-copy-source"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
