import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { CareRule, FollowUpStatus } from '@servicebay/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FollowUpTask } from '../../api/followUp';
import { hasTranslation } from '../../api/problems';
import { formatDateTime } from '../../components/DateText';
import { callBackDue, RULE_COLORS } from './followUp';

const STATUS_COLORS: Record<FollowUpStatus, string> = { open: 'processing', done: 'success', unreachable: 'error', cancelled: 'default' };

/** 新车回访, 首保提醒 … in the timer's colour. */
export function RuleTag({ rule, large = false }: { rule: CareRule; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={RULE_COLORS[rule]}
      data-testid="rule-tag"
      data-rule={rule}
      style={{ marginInlineEnd: 0, ...(large ? { fontSize: 15, padding: '3px 10px' } : {}) }}
    >
      {t(`followUp.rules.${rule}`)}
    </Tag>
  );
}

export function TaskStatusTag({ task }: { task: Pick<FollowUpTask, 'status' | 'outcome'> }) {
  const { t } = useTranslation();
  const outcome =
    task.outcome && hasTranslation(`followUp.outcomes.${task.outcome}`) ? t(`followUp.outcomes.${task.outcome as 'reached'}`) : null;
  return (
    <Tag color={STATUS_COLORS[task.status]} data-testid="task-status" data-status={task.status} style={{ marginInlineEnd: 0 }}>
      {t(`followUp.statuses.${task.status}`)}
      {outcome && task.status !== 'open' ? ` · ${outcome}` : ''}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useTranslation();
  return (
    <Tag color="error" icon={<WarningOutlined />} data-testid="task-overdue" style={{ marginInlineEnd: 0 }}>
      {t('followUp.overdue')}
    </Tag>
  );
}

/** The agreed call-back time; red once it is here. */
export function CallBackTag({ task }: { task: Pick<FollowUpTask, 'callBackAt' | 'status'> }) {
  const { t } = useTranslation();
  if (!task.callBackAt || task.status !== 'open') return null;
  const due = callBackDue(task);
  return (
    <Tag
      color={due ? 'red' : 'blue'}
      icon={<ClockCircleOutlined />}
      data-testid="task-call-back"
      data-due={due}
      style={{ marginInlineEnd: 0 }}
    >
      {t('followUp.callBackAt', { time: formatDateTime(task.callBackAt) })}
    </Tag>
  );
}
