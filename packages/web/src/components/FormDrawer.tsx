import { App, Button, Drawer, type FormInstance, Grid, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  open: boolean;
  title: ReactNode;
  form: FormInstance;
  saving: boolean;
  onClose: () => void;
  children: ReactNode;
  width?: number;
  'data-testid'?: string;
};

/**
 * A drawer holding a create/edit form, with Save and Cancel in its footer. Closing it with
 * unsaved edits asks first; on a phone or narrow tablet it takes the whole width.
 */
export function FormDrawer({ open, title, form, saving, onClose, children, width = 600, ...rest }: Props) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const screens = Grid.useBreakpoint();

  function requestClose() {
    if (saving) return;
    if (!form.isFieldsTouched()) return onClose();
    modal.confirm({
      title: t('common.discardTitle'),
      content: t('common.discardContent'),
      okText: t('common.discardOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.discardCancel'),
      onOk: onClose,
    });
  }

  return (
    <Drawer
      open={open}
      title={title}
      size={screens.md ? width : '100%'}
      onClose={requestClose}
      destroyOnHidden
      maskClosable
      data-testid={rest['data-testid']}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button size="large" onClick={requestClose} disabled={saving}>
            {t('common.cancel')}
          </Button>
          <Button size="large" type="primary" loading={saving} onClick={() => form.submit()} data-testid="form-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
