import type { ComplaintCategory } from '@servicebay/contracts';
import { COMPLAINT_CATEGORIES } from '@servicebay/contracts/constants';
import { Col, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { tr } from './ComplaintTags';
import { subcategoriesOf } from './complaints';

type Props = {
  /** Columns each select takes at md and up (of 24). */
  md: number;
  /** data-testid prefix: `${prefix}-category`, `${prefix}-subcategory`. */
  testIdPrefix: string;
  /** The subcategory select is off regardless of the category (a read-only form). */
  disabled?: boolean;
};

/** 投诉分类 and 子分类 as two columns of a Row in a Form: a new category clears the subcategory. */
export function CategoryFields({ md, testIdPrefix, disabled = false }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const category: ComplaintCategory | null | undefined = Form.useWatch('category', form);
  const subcategories = subcategoriesOf(category);
  return (
    <>
      <Col xs={24} md={md}>
        <Form.Item name="category" label={t('complaints.fields.category')}>
          <Select
            allowClear
            placeholder={t('complaints.intake.categoryPlaceholder')}
            options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`complaints.categories.${c}`) }))}
            onChange={() => form.setFieldValue('subcategory', null)}
            data-testid={`${testIdPrefix}-category`}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={md}>
        <Form.Item name="subcategory" label={t('complaints.fields.subcategory')}>
          <Select
            allowClear
            disabled={disabled || subcategories.length === 0}
            placeholder={
              subcategories.length === 0 ? t('complaints.intake.noSubcategories') : t('complaints.intake.subcategoryPlaceholder')
            }
            options={subcategories.map((s) => ({ value: s, label: tr(`complaints.subcategories.${s}`) }))}
            data-testid={`${testIdPrefix}-subcategory`}
          />
        </Form.Item>
      </Col>
    </>
  );
}
