import { CLUB_FEE_METHODS, type ClubFeeMethod } from '@servicebay/contracts/constants';
import { Alert, Button, Modal, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClubSettings } from '../../api/club';
import { errorMessage } from '../../api/problems';
import { formatFen } from '../../components/money';

type FeeLevel = 'gold' | 'platinum';

/**
 * 缴纳年费 at the cashier: the levels sold by fee as buttons; the one chosen opens the confirmation with
 * the amount and how it is paid. `onPay` takes the money and resolves with the message to show.
 */
export function ClubFeeButtons(props: {
  label: (level: FeeLevel, fee: string) => string;
  onPay: (level: FeeLevel, method: ClubFeeMethod) => Promise<void>;
}) {
  const { t } = useTranslation();
  const settings = useClubSettings();
  const [level, setLevel] = useState<FeeLevel | null>(null);
  const [method, setMethod] = useState<ClubFeeMethod>('wechat_pay');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sold = (settings.data?.levels ?? []).filter((l) => l.level !== 'silver' && l.annualFeeFen !== null);
  const fee = sold.find((l) => l.level === level)?.annualFeeFen ?? 0;

  async function pay() {
    if (!level) return;
    setSaving(true);
    setProblem(null);
    try {
      await props.onPay(level, method);
      setLevel(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      {sold.map((l) => (
        <Button key={l.level} onClick={() => setLevel(l.level as FeeLevel)} data-testid={`club-fee-${l.level}`}>
          {props.label(l.level as FeeLevel, formatFen(l.annualFeeFen!))}
        </Button>
      ))}
      <Modal
        open={level !== null}
        title={level ? t('club.fee.title', { level: t(`club.levels.${level}`) }) : null}
        okText={t('club.fee.confirm', { amount: formatFen(fee) })}
        okButtonProps={{ loading: saving, ...({ 'data-testid': 'club-fee-confirm' } as Record<string, string>) }}
        cancelText={t('common.cancel')}
        onOk={() => void pay()}
        onCancel={() => setLevel(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('club.fee.amount', { amount: formatFen(fee) })}</Typography.Text>
          <Typography.Text type="secondary">{t('club.fee.hint')}</Typography.Text>
          <Segmented<ClubFeeMethod>
            value={method}
            onChange={setMethod}
            options={CLUB_FEE_METHODS.map((m) => ({ value: m, label: t(`settlement.methods.${m}`) }))}
            data-testid="club-fee-method"
          />
          {problem && <Alert type="error" showIcon title={problem} />}
        </Space>
      </Modal>
    </>
  );
}
