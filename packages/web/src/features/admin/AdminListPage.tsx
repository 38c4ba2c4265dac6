import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** An admin list page's head: its title and hint, and the button that adds one. */
export function AdminListHeader(props: { title: string; hint: string; addLabel: string; onAdd: () => void; addTestId?: string }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        <Typography.Text type="secondary">{props.hint}</Typography.Text>
      </div>
      <Button size="large" type="primary" icon={<PlusOutlined />} onClick={props.onAdd} data-testid={props.addTestId}>
        {props.addLabel}
      </Button>
    </div>
  );
}

/** A secret the server shows once (an API token, a webhook's signing secret), to copy before it is gone. */
export function SecretShownOnce(props: { secret: string | null; title: string; warning: ReactNode; testId: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.secret !== null}
      title={props.title}
      onOk={props.onClose}
      onCancel={props.onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      <Alert type="warning" showIcon title={props.warning} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable code data-testid={props.testId}>
        {props.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
