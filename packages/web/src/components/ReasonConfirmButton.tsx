import { Button, type ButtonProps, Input, Modal, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A step that undoes something (cancel a visit, take a payment back): a danger button opens a
 * confirmation that says what will happen and asks why; `onConfirm` gets the trimmed reason and
 * resolves true when done (the dialog closes) or false to keep it open (the caller told the user why).
 */
export function ReasonConfirmButton(props: {
  label: ReactNode;
  button?: ButtonProps;
  title: ReactNode;
  hint: ReactNode;
  okText: string;
  reasonLabel: string;
  placeholder: string;
  maxLength: number;
  minLength?: number;
  testId: string;
  onConfirm: (reason: string) => Promise<boolean>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const ready = reason.trim().length >= (props.minLength ?? 1);

  async function confirm() {
    if (!ready) return;
    setSaving(true);
    try {
      if (await props.onConfirm(reason.trim())) {
        setOpen(false);
        setReason('');
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button danger {...props.button} onClick={() => setOpen(true)} data-testid={props.testId}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        okText={props.okText}
        okButtonProps={{
          danger: true,
          disabled: !ready,
          loading: saving,
          ...({ 'data-testid': `${props.testId}-confirm` } as Record<string, string>),
        }}
        cancelText={t('common.cancel')}
        onOk={() => void confirm()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{props.hint}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          autoFocus
          maxLength={props.maxLength}
          showCount
          value={reason}
          placeholder={props.placeholder}
          onChange={(e) => setReason(e.target.value)}
          aria-label={props.reasonLabel}
          data-testid={`${props.testId}-reason`}
        />
        {props.children}
      </Modal>
    </>
  );
}
