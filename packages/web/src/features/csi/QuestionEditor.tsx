import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { QUESTION_KINDS, RATER } from '@servicebay/contracts/constants';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BOOKED_CONDITION, conditionAnswers, type DefinitionValues } from './questionnaireForm';
import { localize } from './survey';

type Props = {
  name: number;
  index: number;
  count: number;
  definition: DefinitionValues | undefined;
  language: string;
  disabled: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
};

/** One question of the builder: its texts, kind, factor and weight, RATER, required / N.A., low level and condition. */
export function QuestionEditor({ name, index, count, definition, language, disabled, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const questions = definition?.questions ?? [];
  const q = questions[name];
  const kind = q?.kind ?? 'scale';
  const earlier = questions.slice(0, name).filter((e) => e?.id && (e.kind === 'scale' || e.kind === 'yes_no'));
  const conditionOn = questions.slice(0, name).find((e) => e?.id && e.id === q?.showIf?.questionId);
  const answerLabel = (a: number | 'yes' | 'no') => (typeof a === 'number' ? String(a) : t(`survey.${a}`));
  const factorOptions = [
    { value: '', label: t('csi.builder.notScored') },
    ...(definition?.factors ?? [])
      .filter((f) => f?.key)
      .map((f) => ({
        value: f.key!,
        label: `${f.key} · ${localize({ 'zh-CN': f.name?.['zh-CN'] ?? '', en: f.name?.en ?? '' }, language)}`,
      })),
  ];

  return (
    <div
      style={{ border: '1px solid #e5e8ee', borderRadius: 8, padding: 12, background: '#fafbfc' }}
      data-testid="question-editor"
      data-index={index}
      data-question-id={q?.id}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Space>
          <Typography.Text strong>#{index + 1}</Typography.Text>
          {q?.showIf?.questionId && <Tag color="gold">{t('csi.builder.conditional')}</Tag>}
        </Space>
        <Space size={4}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={disabled || index === 0}
            onClick={() => onMove(index, index - 1)}
            aria-label={t('csi.builder.moveUp')}
            data-testid="question-up"
          />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={disabled || index === count - 1}
            onClick={() => onMove(index, index + 1)}
            aria-label={t('csi.builder.moveDown')}
            data-testid="question-down"
          />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={disabled || count <= 1}
            onClick={onRemove}
            aria-label={t('csi.builder.remove')}
            data-testid="question-remove"
          />
        </Space>
      </Space>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item
            name={[name, 'id']}
            label={t('csi.builder.questionId')}
            extra={t('csi.builder.keyHint')}
            rules={[{ required: true, message: t('form.requiredShort') }]}
          >
            <Input maxLength={40} data-testid="question-id" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name={[name, 'kind']} label={t('csi.builder.kind')}>
            <Select options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`csi.builder.kinds.${k}`) }))} data-testid="question-kind" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name={[name, 'rater']} label={t('csi.drill.rater')}>
            <Select
              allowClear
              placeholder={t('common.none')}
              options={RATER.map((r) => ({ value: r, label: t(`csi.rater.${r}`) }))}
              data-testid="question-rater"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'text', 'zh-CN']}
            label={t('csi.builder.textZh')}
            rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} data-testid="question-text-zh" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name={[name, 'text', 'en']}
            label={t('csi.builder.textEn')}
            rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
          >
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} data-testid="question-text-en" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name={[name, 'factor']}
            label={t('csi.builder.factor')}
            getValueProps={(v: string | null) => ({ value: v ?? '' })}
            normalize={(v: string) => v || null}
          >
            <Select options={factorOptions} data-testid="question-factor" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={4}>
          <Form.Item name={[name, 'weight']} label={t('csi.builder.weight')}>
            <InputNumber<number> min={0} max={100} style={{ width: '100%' }} data-testid="question-weight" />
          </Form.Item>
        </Col>
        <Col xs={8} sm={4}>
          <Form.Item name={[name, 'required']} label={t('csi.builder.required')} valuePropName="checked">
            <Switch size="small" data-testid="question-required" />
          </Form.Item>
        </Col>
        <Col xs={8} sm={4}>
          <Form.Item name={[name, 'allowNa']} label={t('csi.builder.allowNa')} valuePropName="checked">
            <Switch size="small" data-testid="question-allow-na" />
          </Form.Item>
        </Col>
        {kind === 'scale' && (
          <Col xs={8} sm={4}>
            <Form.Item name={[name, 'lowAt']} label={t('csi.builder.lowAt')} tooltip={t('csi.builder.lowAtHint')}>
              <Select
                allowClear
                placeholder={t('common.none')}
                options={[1, 2, 3, 4, 5, 6].map((l) => ({ value: l, label: `≤ ${l}` }))}
                data-testid="question-low-at"
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12}>
          <Form.Item name={[name, 'showIf', 'questionId']} label={t('csi.builder.condition')} extra={t('csi.builder.conditionHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('csi.builder.always')}
              options={[
                { value: BOOKED_CONDITION, label: t('csi.builder.whenBooked') },
                ...earlier.map((e) => ({ value: e.id!, label: `${e.id} · ${(language === 'en' ? e.text?.en : e.text?.['zh-CN']) ?? ''}` })),
              ]}
              data-testid="question-condition"
            />
          </Form.Item>
        </Col>
        {q?.showIf?.questionId && q.showIf.questionId !== BOOKED_CONDITION && (
          <Col xs={24} sm={12}>
            <Form.Item
              name={[name, 'showIf', 'answerIn']}
              label={t('csi.builder.answerIn')}
              rules={[{ required: true, type: 'array', min: 1, message: t('csi.builder.answerInRequired') }]}
            >
              <Select
                mode="multiple"
                options={conditionAnswers(conditionOn?.kind).map((a) => ({ value: a, label: answerLabel(a) }))}
                data-testid="question-answer-in"
              />
            </Form.Item>
          </Col>
        )}
      </Row>
    </div>
  );
}
