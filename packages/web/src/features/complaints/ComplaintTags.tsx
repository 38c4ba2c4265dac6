import { ClockCircleOutlined, RiseOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Complaint } from '../../api/complaints';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import i18n from '../../i18n';
import { countdown, durationText, LEVEL_COLORS, SEVERITY_COLORS, STATUS_COLORS } from './complaints';

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** Keys built at run time (subcategories, event kinds) are checked with `exists`. */
export const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);
export const translator = { t: tr, has: hasTranslation };

/** The current time, moving on every `everyMs` (the countdowns). */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function useDurationText() {
  const { t } = useTranslation();
  return (minutes: number) =>
    durationText(minutes, {
      day: (count) => t('complaints.units.day', { count }),
      hour: (count) => t('complaints.units.hour', { count }),
      minute: (count) => t('complaints.units.minute', { count }),
    });
}

export function StatusTag({ status, testId }: { status: Complaint['status']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`complaints.statuses.${status}`)}
    </Tag>
  );
}

export function LevelTag({ level, testId, hideBase = false }: { level: Complaint['level']; testId?: string; hideBase?: boolean }) {
  const { t } = useTranslation();
  if (hideBase && level === 'handler') return null;
  return (
    <Tag
      color={LEVEL_COLORS[level]}
      icon={level === 'handler' ? undefined : <RiseOutlined />}
      data-testid={testId}
      data-level={level}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`complaints.levels.${level}`)}
    </Tag>
  );
}

export function SeverityTag({ severity, escalatedTo }: { severity: Complaint['severity']; escalatedTo?: Complaint['escalatedTo'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} data-severity={severity} style={{ marginInlineEnd: 0 }}>
      {t(`complaints.severities.${severity}`)}
      {severity === 'escalated' && escalatedTo ? ` · ${t(`complaints.escalatedTo.${escalatedTo}`)}` : ''}
    </Tag>
  );
}

export function OverdueTag({ testId = 'complaint-overdue' }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" icon={<WarningOutlined />} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t('complaints.overdue')}
    </Tag>
  );
}

/** 维修质量 · 同一问题再次出现 */
export function categoryText(category: Complaint['category'], subcategory: string | null): string | null {
  if (!category) return null;
  const main = tr(`complaints.categories.${category}`);
  const subKey = `complaints.subcategories.${subcategory ?? ''}`;
  return subcategory && hasTranslation(subKey) ? `${main} · ${tr(subKey)}` : main;
}

/** "剩余 3小时 20分钟" / "已超时 2天 1小时", coloured by urgency. */
export function DueCountdown({
  complaint,
  testId,
  showStep = false,
  now: given,
}: {
  complaint: Pick<Complaint, 'dueAt' | 'dueStep' | 'overdue' | 'status'>;
  testId?: string;
  showStep?: boolean;
  now?: Date;
}) {
  const { t } = useTranslation();
  const ticking = useNow();
  const now = given ?? ticking;
  const duration = useDurationText();
  const left = countdown(complaint.dueAt, now);
  if (!left || complaint.status === 'closed')
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('common.none')}
      </Typography.Text>
    );
  const late = left.late || complaint.overdue;
  const text = (
    <Typography.Text
      type={late ? 'danger' : left.soon ? 'warning' : undefined}
      strong={late || left.soon}
      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      data-testid={testId}
      data-late={late}
      title={complaint.dueAt ? t('complaints.due.at', { time: formatDateTime(complaint.dueAt) }) : undefined}
    >
      <ClockCircleOutlined />{' '}
      {left.late ? t('complaints.due.late', { time: duration(left.minutes) }) : t('complaints.due.left', { time: duration(left.minutes) })}
    </Typography.Text>
  );
  if (!showStep || !complaint.dueStep) return text;
  return (
    <div style={{ display: 'grid', gap: 2 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {t(`complaints.steps.${complaint.dueStep}`)}
      </Typography.Text>
      {text}
    </div>
  );
}
