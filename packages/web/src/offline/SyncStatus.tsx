import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Tag } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionKey } from '../api/auth';
import { useUser } from '../app/session';
import { type Reception, waitingSteps } from './queue';
import { onSynced, setQueueUser, useReceptions } from './store';

// The list opens on demand: the header is on every page's first load.
const SyncDrawer = lazy(() => import('./SyncDrawer').then((m) => ({ default: m.SyncDrawer })));

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
        <Button
          size="small"
          danger={conflicts}
          icon={<CloudSyncOutlined />}
          onClick={() => setOpen(true)}
          data-testid="sync-status"
          data-pending={pending}
        >
          {pending > 0 ? t('offline.waiting', { count: pending }) : t('offline.allSynced')}
        </Button>
      )}
      {open && (
        <Suspense fallback={null}>
          <SyncDrawer open={open} onClose={() => setOpen(false)} receptions={receptions} pending={pending} unauthorized={unauthorized} />
        </Suspense>
      )}
    </>
  );
}
