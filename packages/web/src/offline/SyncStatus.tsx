import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, type ButtonProps, Drawer, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sessionKey } from '../api/auth';
import { codeMessage } from '../api/problems';
import { useUser } from '../app/session';
import { formatDateTime } from '../components/DateText';
import { continueWithOpenVisit, discardStep, type Reception, retryStep, type Step, waitingSteps } from './queue';
import { clearSent, onSynced, replaceReception, setQueueUser, syncNow, useReceptions } from './store';

const STATE_COLOR = { waiting: 'processing', done: 'success', conflict: 'error' } as const;

function useOnline() {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** This user's receptions kept on the device. */
export function useMyReceptions(): Reception[] {
  const user = useUser();
  return useReceptions().filter((r) => r.userId === user.id);
}

/** One step of a reception: its state, and for a conflict the server's reason and what can be done. */
export function StepRow({ reception, step }: { reception: Reception; step: Step }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  function discard() {
    const dropsAll = step.kind === 'check_in';
    modal.confirm({
      title: t('offline.discardTitle'),
      content: dropsAll ? t('offline.discardCheckIn', { count: waitingSteps(reception).length }) : t('offline.discardContent'),
      okText: t('offline.discard'),
      okButtonProps: { danger: true, 'data-testid': 'offline-discard-ok' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => replaceReception(reception.id, discardStep(reception, step.id)),
    });
  }
  return (
    <div style={{ display: 'grid', gap: 6, width: '100%' }} data-testid="offline-step" data-kind={step.kind} data-state={step.state}>
      <Space wrap size={8}>
        <Typography.Text>{t(`offline.steps.${step.kind}`)}</Typography.Text>
        <Tag color={STATE_COLOR[step.state]}>{t(`offline.state.${step.state}`)}</Tag>
        <Typography.Text type="secondary">{formatDateTime(step.queuedAt)}</Typography.Text>
      </Space>
      {step.state === 'conflict' && step.problem && (
        <Alert
          type="error"
          showIcon
          data-testid="offline-conflict"
          title={t('offline.conflict', { message: codeMessage(step.problem.code, step.problem.detail ?? undefined) })}
          description={step.problem.detail ?? undefined}
          action={
            <Space wrap>
              {step.problem.openVisitId && (
                <Button size="small" onClick={() => void replaceReception(reception.id, continueWithOpenVisit(reception, step.id))}>
                  {t('offline.useOpenVisit')}
                </Button>
              )}
              <Button
                size="small"
                onClick={() => void replaceReception(reception.id, retryStep(reception, step.id))}
                data-testid="offline-retry"
              >
                {t('offline.retry')}
              </Button>
              <Button size="small" danger onClick={discard} data-testid="offline-discard">
                {t('offline.discard')}
              </Button>
            </Space>
          }
        />
      )}
    </div>
  );
}

export function ReceptionSteps({ reception }: { reception: Reception }) {
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      {reception.steps.map((step) => (
        <StepRow key={step.id} reception={reception} step={step} />
      ))}
    </div>
  );
}

/**
 * The header's sync state: "offline" while the browser says so, and "waiting to sync (n)" while this
 * user's reception writes are kept on the device; opens the list with the conflicts to resolve.
 */
export function SyncStatus() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const online = useOnline();
  const receptions = useMyReceptions();
  const [open, setOpen] = useState(false);
  const [unauthorized, setUnauthorized] = useState(false);
  const pending = receptions.reduce((n, r) => n + waitingSteps(r).length, 0);
  const conflicts = receptions.some((r) => r.steps.some((s) => s.state === 'conflict'));

  useEffect(() => {
    setQueueUser(user.id);
    return () => setQueueUser(null);
  }, [user.id]);
  useEffect(
    () =>
      onSynced((outcome) => {
        setUnauthorized(outcome.stopped === 'unauthorized');
        if (outcome.stopped !== 'unreachable') void queryClient.invalidateQueries({ queryKey: sessionKey });
        if (outcome.sent > 0) void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      }),
    [queryClient],
  );
  useEffect(() => {
    // The session read while offline carries no CSRF token: read it again once the network is back.
    if (online) void queryClient.invalidateQueries({ queryKey: sessionKey });
  }, [online, queryClient]);

  if (online && receptions.length === 0) return null;
  return (
    <>
      {!online && (
        <Tag icon={<DisconnectOutlined />} color="warning" data-testid="offline-tag">
          {t('offline.offlineTag')}
        </Tag>
      )}
      {receptions.length > 0 && (
        <Badge dot={conflicts} color="red">
          <Button size="small" icon={<CloudSyncOutlined />} onClick={() => setOpen(true)} data-testid="sync-status" data-pending={pending}>
            {pending > 0 ? t('offline.waiting', { count: pending }) : t('offline.allSynced')}
          </Button>
        </Badge>
      )}
      <Drawer open={open} onClose={() => setOpen(false)} title={t('offline.drawerTitle')} size={480} data-testid="sync-drawer">
        <div style={{ display: 'grid', gap: 12 }}>
          {unauthorized && <Alert type="warning" showIcon title={t('offline.unauthorized')} />}
          <Space wrap>
            <Button type="primary" disabled={pending === 0} onClick={() => void syncNow()} data-testid="sync-now">
              {t('offline.syncNow')}
            </Button>
            <Button onClick={() => void clearSent()}>{t('offline.clearSent')}</Button>
          </Space>
          <List
            dataSource={receptions}
            locale={{ emptyText: t('offline.empty') }}
            renderItem={(r) => (
              <List.Item data-testid="sync-reception">
                <div style={{ display: 'grid', gap: 8, width: '100%' }}>
                  <Space wrap>
                    <Link to={r.visitId ? `/visits/${r.visitId}` : `/reception/local/${r.id}`} onClick={() => setOpen(false)}>
                      <Typography.Text strong>{r.plate}</Typography.Text>
                    </Link>
                    <Typography.Text>{r.customerName}</Typography.Text>
                  </Space>
                  <ReceptionSteps reception={r} />
                </div>
              </List.Item>
            )}
          />
        </div>
      </Drawer>
    </>
  );
}
