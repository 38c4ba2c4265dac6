import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/problems';
import { roApi, roKeys, useWalkaroundTemplate } from '../../api/repairOrders';
import { formatDateTime } from '../../components/DateText';
import { ErrorState } from '../../components/PageState';
import { walkaroundItemKey } from '../repair-orders/WalkaroundCard';
import { MAX_ITEM_LENGTH, MAX_ITEMS, problemsToTemplateErrors, type TemplateErrors, validateTemplate } from './walkaroundTemplate';

type Row = { key: number; text: string };
let nextKey = 1;
const toRows = (items: readonly string[]): Row[] => items.map((text) => ({ key: nextKey++, text }));

/** 环车检查项目: the dealer's own walk-around checklist — add, remove, reorder, save. */
export function WalkaroundTemplateCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const template = useWalkaroundTemplate();
  // In English, the default list's Chinese names get their translation underneath.
  const translation = (item: string) => {
    const key = i18n.language === 'zh-CN' ? undefined : walkaroundItemKey(item.trim());
    return key ? t(`walkaround.items.${key}`) : null;
  };
  const [rows, setRows] = useState<Row[]>([]);
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const [errors, setErrors] = useState<TemplateErrors | null>(null);
  const [saving, setSaving] = useState(false);

  const saved = template.data?.items;
  useEffect(() => {
    if (saved) {
      setRows(toRows(saved));
      setErrors(null);
    }
  }, [saved]);

  const items = rows.map((r) => r.text);
  const changed = !!saved && (saved.length !== items.length || saved.some((item, i) => item !== items[i]));

  const update = (next: Row[]) => {
    setRows(next);
    // Messages follow the rows they belong to: check again once there were errors.
    if (errors) setErrors(validateTemplate(next.map((r) => r.text)));
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    update(next);
  };

  function add() {
    const text = draft.trim();
    if (!text) return setDraftError(t('walkaroundTemplate.emptyItem'));
    if (items.some((item) => item.trim() === text)) return setDraftError(t('walkaroundTemplate.duplicate'));
    if (rows.length >= MAX_ITEMS) return setDraftError(t('walkaroundTemplate.atMost', { max: MAX_ITEMS }));
    update([...rows, { key: nextKey++, text }]);
    setDraft('');
    setDraftError(null);
  }

  async function save() {
    const trimmed = items.map((item) => item.trim());
    const problems = validateTemplate(trimmed);
    setErrors(problems);
    if (problems) return void message.error(t('form.fixErrors'));
    setSaving(true);
    try {
      const result = await roApi.updateWalkaroundTemplate(trimmed);
      queryClient.setQueryData(roKeys.walkaroundTemplate, result);
      void message.success(t('walkaroundTemplate.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        setErrors(problemsToTemplateErrors(error.errors, error.code));
        void message.error(t('form.fixErrors'));
      } else void message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  let body: ReactNode;
  if (template.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (template.isError) body = <ErrorState error={template.error} onRetry={() => void template.refetch()} />;
  else
    body = (
      <div style={{ display: 'grid', gap: 12 }}>
        <Typography.Text type="secondary">{t('walkaroundTemplate.hint')}</Typography.Text>
        {errors?.list && <Alert type="error" showIcon title={errors.list} data-testid="walkaround-template-error" />}
        <ol style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: 8 }}>
          {rows.map((row, i) => {
            const rowError = errors?.rows[i];
            const hint = rowError ?? translation(row.text);
            return (
              <li key={row.key} data-testid="walkaround-template-row" data-item={row.text} style={{ display: 'grid', gap: 2 }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                  <Typography.Text type="secondary" style={{ width: 24, textAlign: 'end', flex: 'none' }}>
                    {i + 1}.
                  </Typography.Text>
                  <Input
                    value={row.text}
                    maxLength={MAX_ITEM_LENGTH}
                    status={rowError ? 'error' : undefined}
                    onChange={(e) => update(rows.map((r) => (r.key === row.key ? { ...r, text: e.target.value } : r)))}
                    aria-label={t('walkaroundTemplate.itemNumber', { n: i + 1 })}
                    data-testid="walkaround-template-input"
                    style={{ flex: 1, minWidth: 0 }}
                  />
                  <Space.Compact>
                    <Button
                      icon={<ArrowUpOutlined />}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t('walkaroundTemplate.moveUp')}
                      data-testid="walkaround-template-up"
                    />
                    <Button
                      icon={<ArrowDownOutlined />}
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t('walkaroundTemplate.moveDown')}
                      data-testid="walkaround-template-down"
                    />
                    <Button
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => update(rows.filter((r) => r.key !== row.key))}
                      aria-label={t('walkaroundTemplate.remove')}
                      data-testid="walkaround-template-remove"
                    />
                  </Space.Compact>
                </div>
                {hint && (
                  <Typography.Text
                    type={rowError ? 'danger' : 'secondary'}
                    style={{ paddingInlineStart: 32, fontSize: 12 }}
                    data-testid={rowError ? 'walkaround-template-row-error' : undefined}
                  >
                    {hint}
                  </Typography.Text>
                )}
              </li>
            );
          })}
        </ol>
        <div style={{ display: 'grid', gap: 2 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={draft}
              maxLength={MAX_ITEM_LENGTH}
              status={draftError ? 'error' : undefined}
              placeholder={t('walkaroundTemplate.newPlaceholder')}
              onChange={(e) => {
                setDraft(e.target.value);
                setDraftError(null);
              }}
              onPressEnter={add}
              data-testid="walkaround-template-new"
            />
            <Button icon={<PlusOutlined />} onClick={add} disabled={rows.length >= MAX_ITEMS} data-testid="walkaround-template-add">
              {t('walkaroundTemplate.add')}
            </Button>
          </Space.Compact>
          {draftError && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {draftError}
            </Typography.Text>
          )}
        </div>
        <Space wrap>
          <Button type="primary" loading={saving} disabled={!changed} onClick={() => void save()} data-testid="walkaround-template-save">
            {t('common.save')}
          </Button>
          <Button
            icon={<UndoOutlined />}
            disabled={!changed || saving}
            onClick={() => {
              if (saved) setRows(toRows(saved));
              setErrors(null);
            }}
          >
            {t('walkaroundTemplate.undo')}
          </Button>
          <Typography.Text type="secondary">{t('walkaroundTemplate.count', { count: rows.length, max: MAX_ITEMS })}</Typography.Text>
        </Space>
      </div>
    );

  return (
    <Card
      title={t('walkaroundTemplate.title')}
      data-testid="walkaround-template"
      extra={
        template.data &&
        (template.data.updatedAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('walkaroundTemplate.updatedAt', { time: formatDateTime(template.data.updatedAt) })}
          </Typography.Text>
        ) : (
          <Tag>{t('walkaroundTemplate.default')}</Tag>
        ))
      }
    >
      {body}
    </Card>
  );
}
