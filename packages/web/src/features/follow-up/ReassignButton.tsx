import { UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isVersionConflict, useServiceAdvisors } from '../../api/appointments';
import { type FollowUpTask, followUpApi, followUpKeys, useFollowUpQueue } from '../../api/followUp';
import { errorMessage } from '../../api/problems';

/**
 * The dealer's staff who can take a call. There is no staff list for follow-up in the API yet: the
 * service advisors, and everyone who owns a call in the team's queue (the agents the timers use).
 */
function useCallStaff(enabled: boolean) {
  const advisors = useServiceAdvisors();
  const team = useFollowUpQueue({ view: 'all', scope: 'team' }, enabled);
  return useMemo(() => {
    const staff = new Map<string, { id: string; name: string; advisor: boolean }>();
    for (const task of team.data?.items ?? []) if (task.owner) staff.set(task.owner.id, { ...task.owner, advisor: false });
    for (const sa of advisors.data ?? []) staff.set(sa.id, { ...sa, advisor: true });
    return {
      loading: advisors.isPending || team.isPending,
      staff: [...staff.values()].sort((a, b) => Number(a.advisor) - Number(b.advisor) || a.name.localeCompare(b.name, 'zh-CN')),
    };
  }, [advisors.data, advisors.isPending, team.data, team.isPending]);
}

/** 改派 (supervisor): give the call to another agent or advisor. */
export function ReassignButton({ task }: { task: FollowUpTask }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { staff, loading } = useCallStaff(open);

  async function save() {
    if (!ownerId) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await followUpApi.reassign(task.id, { version: task.version, ownerId });
      void message.success(t('followUp.reassigned', { name: saved.owner?.name ?? '' }));
      setOpen(false);
    } catch (error) {
      if (isVersionConflict(error)) {
        void message.warning(t('followUp.call.conflict'));
        setOpen(false);
      } else setProblem(errorMessage(error));
    } finally {
      setSaving(false);
      void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
    }
  }

  return (
    <>
      <Button
        icon={<UserSwitchOutlined />}
        onClick={() => {
          setOwnerId(task.owner?.id ?? null);
          setProblem(null);
          setOpen(true);
        }}
        data-testid="reassign"
      >
        {t('followUp.reassign')}
      </Button>
      <Modal
        open={open}
        title={t('followUp.reassignTitle')}
        okText={t('followUp.reassign')}
        cancelText={t('common.cancel')}
        onOk={() => void save()}
        okButtonProps={{ disabled: !ownerId || ownerId === task.owner?.id, loading: saving, 'data-testid': 'reassign-ok' } as ButtonProps}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <div style={{ display: 'grid', gap: 8 }}>
          <Typography.Text type="secondary">
            {t('followUp.reassignHint', { name: task.owner?.name ?? t('followUp.noOwner') })}
          </Typography.Text>
          <Select<string>
            showSearch
            optionFilterProp="label"
            size="large"
            value={ownerId ?? undefined}
            onChange={setOwnerId}
            loading={loading}
            placeholder={t('followUp.pickOwner')}
            status={problem ? 'error' : undefined}
            options={staff.map((s) => ({ value: s.id, label: s.advisor ? `${s.name}（${t('followUp.advisor')}）` : s.name }))}
            data-testid="reassign-select"
          />
          {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
        </div>
      </Modal>
    </>
  );
}
