import type { ClubSettingsInput } from '@servicebay/contracts';
import { CLUB_FREE_SERVICES, CLUB_PAYERS, type ClubPayer } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClubSettings, clubApi, clubKeys, useClubSettings } from '../../api/club';
import { errorMessage } from '../../api/problems';
import { useCan } from '../../app/session';
import { ErrorState, PageSkeleton } from '../../components/PageState';

type Level = ClubSettings['levels'][number];
const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const fen = (yuanValue: number | null) => (yuanValue === null ? null : Math.round(yuanValue * 100));

/** 俱乐部设置: the car maker's admin sets the brand's club — levels, earning, redemption limits, expiry, who pays across dealers. */
export function ClubSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canEdit = useCan('club.settings');
  const settings = useClubSettings();
  const [draft, setDraft] = useState<ClubSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);

  if (settings.isPending || (!draft && !settings.isError)) return <PageSkeleton cards={2} />;
  if (settings.isError || !draft) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = draft;
  const setLevel = (i: number, patch: Partial<Level>) =>
    setDraft({ ...s, levels: s.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });

  async function save() {
    const { version, updatedAt: _, ...values } = s;
    const input: ClubSettingsInput = { ...values, ...(version > 0 ? { version } : {}) };
    setSaving(true);
    setProblem(null);
    try {
      const saved = await clubApi.saveSettings(input);
      queryClient.setQueryData(clubKeys.settings, saved);
      void message.success(t('club.settings.saved'));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)', maxWidth: 1100 }} data-testid="club-settings-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('club.settings.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('club.settings.intro')}</Typography.Text>
      </div>
      {!canEdit && <Alert type="info" showIcon title={t('club.settings.readOnly')} />}
      <Card title={t('club.settings.levels')} styles={{ body: { padding: 0 } }}>
        <Table<Level>
          rowKey="level"
          pagination={false}
          size="small"
          scroll={{ x: 800 }}
          dataSource={s.levels}
          columns={[
            { title: t('club.settings.level'), render: (_, l) => t(`club.levels.${l.level}`) },
            {
              title: t('club.settings.annualFee'),
              render: (_, l, i) => (
                <InputNumber
                  min={0}
                  precision={2}
                  disabled={!canEdit}
                  placeholder={t('club.settings.notSold')}
                  value={yuan(l.annualFeeFen)}
                  onChange={(v) => setLevel(i, { annualFeeFen: fen(v) })}
                />
              ),
            },
            {
              title: t('club.settings.spend'),
              render: (_, l, i) => (
                <InputNumber
                  min={0}
                  precision={2}
                  disabled={!canEdit}
                  value={yuan(l.spendFen)}
                  onChange={(v) => setLevel(i, { spendFen: fen(v) })}
                />
              ),
            },
            {
              title: t('club.settings.discount'),
              render: (_, l, i) => (
                <InputNumber
                  min={0}
                  max={50}
                  precision={0}
                  disabled={!canEdit}
                  value={l.labourDiscountPercent}
                  onChange={(v) => setLevel(i, { labourDiscountPercent: v ?? 0 })}
                  data-testid={`club-discount-${l.level}`}
                />
              ),
            },
            {
              title: t('club.settings.freeChecks'),
              render: (_, l, i) => (
                <InputNumber
                  min={0}
                  max={52}
                  precision={0}
                  disabled={!canEdit}
                  value={l.freeChecks}
                  onChange={(v) => setLevel(i, { freeChecks: v ?? 0 })}
                />
              ),
            },
            {
              title: t('club.settings.freeWashes'),
              render: (_, l, i) => (
                <InputNumber
                  min={0}
                  max={365}
                  precision={0}
                  disabled={!canEdit}
                  value={l.freeWashes}
                  onChange={(v) => setLevel(i, { freeWashes: v ?? 0 })}
                />
              ),
            },
            {
              title: t('club.settings.priority'),
              render: (_, l, i) => (
                <Switch disabled={!canEdit} checked={l.priorityBooking} onChange={(v) => setLevel(i, { priorityBooking: v })} />
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('club.settings.benefitCodes')}>
        <Typography.Paragraph type="secondary">{t('club.settings.codesHint')}</Typography.Paragraph>
        <Form
          layout="vertical"
          disabled={!canEdit}
          style={{ display: 'grid', gap: '0 24px', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))' }}
        >
          {CLUB_FREE_SERVICES.map((kind) => (
            <Form.Item key={kind} label={t(`club.settings.${kind}Codes`)}>
              <Select
                mode="tags"
                value={s.benefitCodes[kind]}
                onChange={(codes: string[]) =>
                  setDraft({
                    ...s,
                    benefitCodes: {
                      ...s.benefitCodes,
                      [kind]: codes
                        .map((c) => c.trim().slice(0, 30))
                        .filter(Boolean)
                        .slice(0, 20),
                    },
                  })
                }
                tokenSeparators={[',', ' ']}
                open={false}
                data-testid={`club-codes-${kind}`}
              />
            </Form.Item>
          ))}
        </Form>
      </Card>
      <Card title={t('club.settings.earn')}>
        <Typography.Paragraph type="secondary">{t('club.settings.earnNote')}</Typography.Paragraph>
        <Form
          layout="vertical"
          disabled={!canEdit}
          style={{ display: 'grid', gap: '0 24px', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))' }}
        >
          <Form.Item label={t('club.settings.earnLabour')}>
            <InputNumber
              min={0}
              max={100}
              precision={0}
              value={s.earnPerYuan.labour}
              onChange={(v) => setDraft({ ...s, earnPerYuan: { ...s.earnPerYuan, labour: v ?? 0 } })}
            />
          </Form.Item>
          <Form.Item label={t('club.settings.earnParts')}>
            <InputNumber
              min={0}
              max={100}
              precision={0}
              value={s.earnPerYuan.parts}
              onChange={(v) => setDraft({ ...s, earnPerYuan: { ...s.earnPerYuan, parts: v ?? 0 } })}
            />
          </Form.Item>
          <Form.Item label={t('club.settings.pointValue')}>
            <InputNumber
              min={1}
              max={100}
              precision={0}
              value={s.pointValueFen}
              onChange={(v) => setDraft({ ...s, pointValueFen: v ?? 1 })}
            />
          </Form.Item>
          <Form.Item label={t('club.settings.maxRedeem')}>
            <InputNumber
              min={1}
              max={100}
              precision={0}
              value={s.maxRedeemPercent}
              onChange={(v) => setDraft({ ...s, maxRedeemPercent: v ?? 1 })}
              data-testid="club-max-redeem"
            />
          </Form.Item>
          <Form.Item label={t('club.settings.minRedeem')}>
            <InputNumber min={0} precision={0} value={s.minRedeemPoints} onChange={(v) => setDraft({ ...s, minRedeemPoints: v ?? 0 })} />
          </Form.Item>
          <Form.Item label={t('club.settings.expiry')}>
            <InputNumber
              min={1}
              max={120}
              precision={0}
              value={s.expiryMonths}
              onChange={(v) => setDraft({ ...s, expiryMonths: v ?? 24 })}
            />
          </Form.Item>
          <Form.Item label={t('club.settings.payer')}>
            <Select<ClubPayer>
              value={s.crossDealerPayer}
              onChange={(v) => setDraft({ ...s, crossDealerPayer: v })}
              options={CLUB_PAYERS.map((p) => ({ value: p, label: t(`club.payers.${p}`) }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {problem && <Alert type="error" showIcon title={problem} />}
      {canEdit && (
        <div>
          <Button type="primary" size="large" loading={saving} onClick={() => void save()} data-testid="club-settings-save">
            {t('club.settings.save')}
          </Button>
        </div>
      )}
    </div>
  );
}
