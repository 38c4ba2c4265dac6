import { CalendarOutlined, ReloadOutlined, RightOutlined, ThunderboltOutlined, UserOutlined } from '@ant-design/icons';
import { CUSTOMER_SEGMENTS, type CustomerSegment } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Segmented, Select, Space, Tabs, Tag, Typography } from 'antd';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  type CareRule,
  type FollowUpTask,
  followUpApi,
  followUpKeys,
  type QueueScope,
  type QueueView,
  useFollowUpQueue,
} from '../../api/followUp';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { formatDate, formatDateTime } from '../../components/DateText';
import { MobileText } from '../../components/MobileText';
import { EmptyState, ErrorState, PageSkeleton } from '../../components/PageState';
import { PlateTag } from '../../components/PlateTag';
import { FollowUpNav } from './FollowUpNav';
import { CallBackTag, OverdueTag, RuleTag, TaskStatusTag } from './FollowUpTags';
import { CARE_RULES, queueSearch } from './followUp';

const VIEWS = ['today', 'overdue', 'upcoming', 'closed'] as const satisfies readonly QueueView[];
type TabView = (typeof VIEWS)[number];

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function TaskRow({
  task,
  view,
  active,
  showOwner,
  onOpen,
  onFocus,
  rowRef,
}: {
  task: FollowUpTask;
  view: TabView;
  active: boolean;
  showOwner: boolean;
  onOpen: () => void;
  onFocus: () => void;
  rowRef: (el: HTMLDivElement | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      ref={rowRef}
      role="option"
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      className="sb-row"
      data-testid="follow-up-row"
      data-id={task.id}
      data-rule={task.rule}
      data-overdue={task.overdue}
      data-plate={task.vehicle?.plate ?? ''}
      onClick={onOpen}
      onFocus={onFocus}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
      style={{
        flexWrap: 'wrap',
        alignItems: 'flex-start',
        background: task.overdue ? 'rgba(207, 19, 34, 0.04)' : undefined,
        borderInlineStart: task.overdue ? '3px solid #cf1322' : '3px solid transparent',
      }}
    >
      <div style={{ width: 104, flex: 'none', paddingTop: 2 }}>
        <RuleTag rule={task.rule} />
      </div>
      <div style={{ flex: '1 1 280px', minWidth: 0, display: 'grid', gap: 6 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Typography.Text strong style={{ fontSize: 17 }} data-testid="follow-up-customer">
            {task.customer.name}
          </Typography.Text>
          <MobileText mobile={task.customer.mobile} revealable />
          {task.vehicle && <PlateTag plate={task.vehicle.plate} size="small" />}
          {task.vehicle?.model && <Typography.Text type="secondary">{task.vehicle.model}</Typography.Text>}
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', fontSize: 13 }}>
          <Typography.Text
            type={task.overdue ? 'danger' : 'secondary'}
            style={{ fontVariantNumeric: 'tabular-nums' }}
            data-testid="follow-up-window"
          >
            {t('followUp.dueWindow', { from: formatDate(task.dueFrom), until: formatDate(task.dueUntil) })}
          </Typography.Text>
          {task.overdue && <OverdueTag />}
          <CallBackTag task={task} />
          {view === 'closed' && <TaskStatusTag task={task} />}
          {task.appointmentId && (
            <Tag color="green" icon={<CalendarOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('followUp.appointmentBooked')}
            </Tag>
          )}
          <Typography.Text type="secondary" data-testid="follow-up-attempts">
            {task.attempts > 0 ? t('followUp.attempts', { count: task.attempts }) : t('followUp.noAttempts')}
          </Typography.Text>
          {view === 'closed' && task.closedAt && (
            <Typography.Text type="secondary">{t('followUp.closedAt', { time: formatDateTime(task.closedAt) })}</Typography.Text>
          )}
        </div>
      </div>
      {showOwner && (
        <Typography.Text type={task.owner ? undefined : 'warning'} style={{ flex: 'none', paddingTop: 2 }} data-testid="follow-up-owner">
          <UserOutlined /> {task.owner?.name ?? t('followUp.noOwner')}
        </Typography.Text>
      )}
      <RightOutlined className="sb-row-arrow" style={{ color: 'rgba(0,0,0,0.35)', alignSelf: 'center' }} />
    </div>
  );
}

/** 回访工作台: the agent's calls of today, the overdue ones, the coming ones and the finished ones. */
export function FollowUpWorkbenchPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canManage = useCan('follow_up.manage');
  const [params, setParams] = useSearchParams();
  const view: TabView = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as TabView) : 'today';
  const scope: QueueScope = canManage && params.get('scope') === 'team' ? 'team' : 'mine';
  const ruleParam = params.get('rule');
  const rule = (CARE_RULES as readonly string[]).includes(ruleParam ?? '') ? (ruleParam as CareRule) : undefined;
  const segmentParam = params.get('segment');
  const segment = (CUSTOMER_SEGMENTS as readonly string[]).includes(segmentParam ?? '') ? (segmentParam as CustomerSegment) : undefined;
  const canReadValue = useCan('customer_value.read');
  const queue = useFollowUpQueue({ view, scope, rule, segment });
  const items = queue.data?.items;
  const [active, setActive] = useState(0);
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  const list = useRef<HTMLDivElement>(null);
  const [running, setRunning] = useState(false);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  useEffect(() => setActive(0), [view, scope, rule, segment]);

  // ↓ from anywhere on the page (not while typing) puts the keyboard on the list.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || isTyping(event.target) || list.current?.contains(event.target as Node))
        return;
      if (!items?.length) return;
      event.preventDefault();
      rows.current[Math.min(active, items.length - 1)]?.focus();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, active]);

  const open = (task: FollowUpTask) => void navigate(`/follow-up/${task.id}${queueSearch(scope, rule)}`);

  function onListKey(event: KeyboardEvent<HTMLDivElement>) {
    if (!items?.length) return;
    const move =
      event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowUp'
          ? -1
          : event.key === 'Home'
            ? -items.length
            : event.key === 'End'
              ? items.length
              : 0;
    if (move === 0) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, active + move));
    setActive(next);
    rows.current[next]?.focus();
  }

  function runNow() {
    modal.confirm({
      title: t('followUp.runNowTitle'),
      content: t('followUp.runNowContent'),
      okText: t('followUp.runNow'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setRunning(true);
        try {
          const result = await followUpApi.runNow();
          const created = Object.values(result.created).reduce((sum, n) => sum + n, 0);
          void message.success(t('followUp.runNowDone', { count: created }));
          void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
          void queryClient.invalidateQueries({ queryKey: followUpKeys.winBackAll });
        } catch (error) {
          void message.error(errorMessage(error));
        } finally {
          setRunning(false);
        }
      },
    });
  }

  const counts = queue.data?.counts;
  const tabLabel = (v: TabView) => (
    <span data-testid={`follow-up-tab-${v}`}>
      {t(`followUp.views.${v}`)}
      {v !== 'closed' && counts && (
        <Badge
          count={counts[v]}
          showZero
          overflowCount={999}
          color={v === 'overdue' && counts.overdue > 0 ? '#cf1322' : v === 'today' ? '#1565c0' : '#8c8c8c'}
          style={{ marginInlineStart: 6 }}
          data-testid={`follow-up-count-${v}`}
        />
      )}
    </span>
  );

  let body: ReactNode;
  if (queue.isPending)
    body = (
      <div style={{ padding: 16 }}>
        <PageSkeleton cards={1} />
      </div>
    );
  else if (queue.isError) body = <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />;
  else if (queue.data.items.length === 0)
    body = (
      <div style={{ padding: 32 }}>
        <EmptyState description={t(`followUp.empty.${view}`)}>
          {scope === 'mine' && canManage && view !== 'closed' && (
            <Button onClick={() => update({ scope: 'team' })}>{t('followUp.showTeam')}</Button>
          )}
        </EmptyState>
      </div>
    );
  else
    body = (
      <div
        ref={list}
        role="listbox"
        aria-label={t(`followUp.views.${view}`)}
        onKeyDown={onListKey}
        data-testid="follow-up-list"
        style={{ opacity: queue.isPlaceholderData ? 0.6 : 1 }}
      >
        {queue.data.items.map((task, i) => (
          <TaskRow
            key={task.id}
            task={task}
            view={view}
            active={i === active}
            showOwner={scope === 'team'}
            onOpen={() => open(task)}
            onFocus={() => setActive(i)}
            rowRef={(el) => {
              rows.current[i] = el;
            }}
          />
        ))}
      </div>
    );

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="follow-up-workbench">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('followUp.title')}
        </Typography.Title>
        <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
          <FollowUpNav />
        </div>
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', padding: '8px 16px 0' }}>
          <Tabs
            activeKey={view}
            onChange={(v) => update({ view: v === 'today' ? null : v })}
            items={VIEWS.map((v) => ({ key: v, label: tabLabel(v) }))}
            style={{ flex: '1 1 380px', marginBottom: -1 }}
            size="large"
          />
          <Space wrap style={{ paddingBottom: 8 }}>
            <Select<CareRule>
              allowClear
              value={rule}
              placeholder={t('followUp.allRules')}
              onChange={(value) => update({ rule: value ?? null })}
              options={CARE_RULES.map((r) => ({ value: r, label: t(`followUp.rules.${r}`) }))}
              style={{ minWidth: 150 }}
              aria-label={t('followUp.ruleFilter')}
              data-testid="follow-up-rule"
            />
            {canReadValue && (
              <Select<CustomerSegment>
                allowClear
                value={segment}
                placeholder={t('customerValue.filterSegments')}
                onChange={(value) => update({ segment: value ?? null })}
                options={CUSTOMER_SEGMENTS.map((s) => ({ value: s, label: t(`customerValue.segments.${s}`) }))}
                style={{ minWidth: 130 }}
                aria-label={t('customerValue.filterSegments')}
                data-testid="follow-up-segment"
              />
            )}
            {canManage && (
              <Segmented<QueueScope>
                value={scope}
                onChange={(s) => update({ scope: s === 'mine' ? null : s })}
                options={(['mine', 'team'] as const).map((s) => ({ value: s, label: t(`followUp.scope.${s}`) }))}
                data-testid="follow-up-scope"
              />
            )}
            <Button
              icon={<ReloadOutlined spin={queue.isFetching} />}
              aria-label={t('common.reload')}
              onClick={() => void queue.refetch()}
            />
            {canManage && (
              <Button icon={<ThunderboltOutlined />} loading={running} onClick={runNow} data-testid="follow-up-run-now">
                {t('followUp.runNow')}
              </Button>
            )}
          </Space>
        </div>
        {body}
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('followUp.keyboardHint')}
      </Typography.Text>
    </div>
  );
}
