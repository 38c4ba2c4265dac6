import { type CareRule, type CareRuleSetting, careRuleSettingSchema, followUpSettingsSchema } from '@servicebay/contracts';
import { CARE_RULES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, InputNumber, Radio, Row, Select, Skeleton, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FollowUpSettings, type FollowUpSettingsPatch, followUpApi, followUpKeys, useFollowUpSettings } from '../../api/followUp';
import { applyProblemToForm } from '../../api/problems';
import { applyZodErrors } from '../../components/form/zodForm';
import { zodRule } from '../../components/form/zodRule';
import { ErrorState } from '../../components/PageState';
import { RuleTag } from '../follow-up/FollowUpTags';
import { RULE_ANCHORS, windowWords } from '../follow-up/followUp';

const ruleShape = careRuleSettingSchema.shape;
const shape = followUpSettingsSchema.shape;

/** "交车后第 1–7 天" for the window as it is being edited. */
function WindowText({ rule, start, end }: { rule: CareRule; start: number | null | undefined; end: number | null | undefined }) {
  const { t } = useTranslation();
  if (typeof start !== 'number' || typeof end !== 'number') return null;
  const words = windowWords(start, end);
  const anchor = t(`followUpSettings.anchors.${RULE_ANCHORS[rule]}`);
  return (
    <Typography.Text type={end < start ? 'danger' : 'secondary'} style={{ fontSize: 13 }} data-testid="rule-window-text">
      {t(`followUpSettings.window.${words.key}`, { anchor, from: words.from, to: words.to })}
    </Typography.Text>
  );
}

/** 关怀设置: each timer's switch, due window and owner; attempts before giving up; how reminders go out. */
export function FollowUpSettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useFollowUpSettings();
  const [form] = Form.useForm<FollowUpSettings>();
  const [saving, setSaving] = useState(false);
  const rules = Form.useWatch('rules', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  async function submit(values: FollowUpSettings) {
    const before = settings.data;
    if (!before) return;
    if (applyZodErrors(form, followUpSettingsSchema, values)) {
      void message.error(t('form.fixErrors'));
      return;
    }
    const changedRules = CARE_RULES.filter((rule) => JSON.stringify(values.rules[rule]) !== JSON.stringify(before.rules[rule]));
    const patch: FollowUpSettingsPatch = {
      ...(changedRules.length > 0
        ? {
            rules: Object.fromEntries(changedRules.map((rule) => [rule, values.rules[rule]])) as Partial<Record<CareRule, CareRuleSetting>>,
          }
        : {}),
      ...(values.maxAttempts !== before.maxAttempts ? { maxAttempts: values.maxAttempts } : {}),
      ...(values.reminderChannel !== before.reminderChannel ? { reminderChannel: values.reminderChannel } : {}),
    };
    if (Object.keys(patch).length === 0) return void message.info(t('customer.noChanges'));
    setSaving(true);
    try {
      const saved = await followUpApi.updateSettings(patch);
      queryClient.setQueryData(followUpKeys.settings, saved);
      void message.success(t('settings.saved'));
    } catch (error) {
      for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  const dayInput = (rule: CareRule, field: 'startDays' | 'endDays') => (
    <Form.Item
      name={['rules', rule, field]}
      style={{ marginBottom: 0 }}
      dependencies={field === 'endDays' ? [['rules', rule, 'startDays']] : undefined}
      rules={[
        zodRule(ruleShape[field], { label: t(`followUpSettings.${field}`), toInput: (v) => v ?? undefined }),
        ...(field === 'endDays'
          ? [
              {
                validator: async (_: unknown, end: unknown) => {
                  const start = form.getFieldValue(['rules', rule, 'startDays']) as unknown;
                  if (typeof start === 'number' && typeof end === 'number' && end < start)
                    throw new Error(t('errors.codes.window_reversed'));
                },
              },
            ]
          : []),
      ]}
    >
      <InputNumber<number>
        min={-365}
        max={365}
        precision={0}
        suffix={t('followUpSettings.daysUnit')}
        style={{ width: 110 }}
        aria-label={`${t(`followUp.rules.${rule}`)} ${t(`followUpSettings.${field}`)}`}
        data-testid={`rule-${rule}-${field}`}
      />
    </Form.Item>
  );

  return (
    <Card title={t('followUpSettings.title')} data-testid="follow-up-settings">
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Form<FollowUpSettings>
          form={form}
          layout="vertical"
          scrollToFirstError
          onFinish={(v) => void submit({ ...form.getFieldsValue(true), ...v })}
          onFinishFailed={() => void message.error(t('form.fixErrors'))}
        >
          <Typography.Paragraph type="secondary">{t('followUpSettings.hint')}</Typography.Paragraph>
          <Table<{ rule: CareRule }>
            rowKey="rule"
            size="middle"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={CARE_RULES.map((rule) => ({ rule }))}
            style={{ marginBottom: 24 }}
            columns={[
              {
                title: t('followUpSettings.rule'),
                key: 'rule',
                render: (_, { rule }) => (
                  <div style={{ display: 'grid', gap: 4, minWidth: 160, justifyItems: 'start' }} data-testid="rule-row" data-rule={rule}>
                    <RuleTag rule={rule} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('followUpSettings.anchorIs', { anchor: t(`followUpSettings.anchors.${RULE_ANCHORS[rule]}`) })}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('followUpSettings.enabled'),
                key: 'enabled',
                render: (_, { rule }) => (
                  <Form.Item name={['rules', rule, 'enabled']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Switch
                      aria-label={`${t(`followUp.rules.${rule}`)} ${t('followUpSettings.enabled')}`}
                      data-testid={`rule-${rule}-enabled`}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('followUpSettings.window.title'),
                key: 'window',
                render: (_, { rule }) => (
                  <div style={{ display: 'grid', gap: 4 }}>
                    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                      {dayInput(rule, 'startDays')}
                      <span style={{ paddingTop: 5 }}>–</span>
                      {dayInput(rule, 'endDays')}
                    </div>
                    <WindowText rule={rule} start={rules?.[rule]?.startDays} end={rules?.[rule]?.endDays} />
                  </div>
                ),
              },
              {
                title: t('followUpSettings.owner'),
                key: 'owner',
                render: (_, { rule }) => (
                  <Form.Item name={['rules', rule, 'owner']} style={{ marginBottom: 0 }}>
                    <Select
                      style={{ width: 230 }}
                      options={(['sa', 'pool'] as const).map((o) => ({ value: o, label: t(`followUpSettings.owners.${o}`) }))}
                      aria-label={`${t(`followUp.rules.${rule}`)} ${t('followUpSettings.owner')}`}
                      data-testid={`rule-${rule}-owner`}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item
                name="maxAttempts"
                label={t('followUpSettings.maxAttempts')}
                extra={t('followUpSettings.maxAttemptsHint')}
                rules={[zodRule(shape.maxAttempts, { label: t('followUpSettings.maxAttempts'), toInput: (v) => v ?? undefined })]}
              >
                <InputNumber<number>
                  min={1}
                  max={10}
                  precision={0}
                  suffix={t('followUpSettings.timesUnit')}
                  style={{ width: '100%' }}
                  data-testid="follow-up-max-attempts"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={16}>
              <Form.Item
                name="reminderChannel"
                label={t('followUpSettings.reminderChannel')}
                extra={t('followUpSettings.reminderChannelHint')}
              >
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={(['call', 'sms', 'both'] as const).map((c) => ({ value: c, label: t(`followUpSettings.channels.${c}`) }))}
                  data-testid="follow-up-reminder-channel"
                />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" size="large" htmlType="submit" loading={saving} data-testid="follow-up-settings-save">
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
