import { DeleteOutlined, FileTextOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { CAMPAIGN_KINDS } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Segmented, Select, Table, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { applyProblemToForm, hasTranslation } from '../../api/problems';
import { useVehicleModels } from '../../api/vehicles';
import { type Campaign, warrantyApi, warrantyKeys } from '../../api/warranty';
import { dealerToday } from '../../components/DateText';
import { FormDrawer } from '../../components/FormDrawer';
import { fromIsoDate, toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import i18n from '../../i18n';
import {
  CAMPAIGN_CODE,
  type CampaignFormValues,
  type CampaignTarget,
  campaignFieldAliases,
  campaignInput,
  localVinProblems,
  MAX_VIN_FILE_BYTES,
  MAX_VIN_ROWS,
  parseVinText,
  SERIAL,
  VIN_FILE_ACCEPT,
  type VinList,
  type VinRowProblem,
  vinFileKind,
  vinListOf,
  vinRowProblems,
} from './campaigns';
import { repeatedIndexes } from './warranty';

/** The first column of an .xlsx file; the reader loads only when a workbook is picked. */
async function readXlsx(file: File): Promise<string[]> {
  const { readXlsxFirstColumn } = await import('../../components/xlsxColumn');
  return readXlsxFirstColumn(new Uint8Array(await file.arrayBuffer()));
}

const isEncrypted = (error: unknown) => (error as { code?: unknown } | null)?.code === 'encrypted';

type Values = Omit<CampaignFormValues, 'validFrom' | 'validTo'> & {
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  /** The imported file's name (the rows are kept beside the form). */
  vinFile?: string | null;
};

type Translate = (key: string, options?: Record<string, unknown>) => string;
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);
/** Why a row is not a car of the network: 校验位错误, 位数不对, 含非法字符, 车辆不存在. */
export const vinProblemLabel = (code: string) =>
  hasTranslation(`warranty.campaigns.vinProblems.${code}`) ? tr(`warranty.campaigns.vinProblems.${code}`) : code;

type Imported = { fileName: string; list: VinList; local: { problems: VinRowProblem[]; total: number } };

/** The rows of the list that are not cars of the network: row number, the text of the row, why. */
export function VinProblemsTable({ problems, total }: { problems: VinRowProblem[]; total: number }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gap: 8 }} data-testid="campaign-vin-problems" data-total={total}>
      <Table<VinRowProblem>
        size="small"
        rowKey="index"
        pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
        dataSource={problems}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('warranty.campaigns.row'),
            key: 'row',
            width: 80,
            align: 'right',
            render: (_, p) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{p.index + 1}</span>,
          },
          {
            title: t('warranty.campaigns.vinText'),
            key: 'vin',
            render: (_, p) => (
              <Typography.Text className="sb-mono" data-testid="campaign-vin-problem">
                {p.vin || t('common.none')}
              </Typography.Text>
            ),
          },
          {
            title: t('warranty.campaigns.reason'),
            key: 'reason',
            render: (_, p) => <Typography.Text type="danger">{vinProblemLabel(p.code)}</Typography.Text>,
          },
        ]}
      />
      {total > problems.length && (
        <Typography.Text type="secondary">{t('warranty.campaigns.moreProblems', { shown: problems.length, total })}</Typography.Text>
      )}
    </div>
  );
}

/** The file picker of the VIN list; the form keeps the file's name (its value), the drawer the rows. */
function VinFileButton({ value, reading, onPick }: { value?: string | null; reading: boolean; onPick: (file: File) => void }) {
  const { t } = useTranslation();
  return (
    <Upload
      accept={VIN_FILE_ACCEPT}
      showUploadList={false}
      maxCount={1}
      beforeUpload={(file) => {
        onPick(file);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={reading} data-testid="campaign-file">
        {value ? t('warranty.campaigns.file.replace') : t('warranty.campaigns.file.choose')}
      </Button>
    </Upload>
  );
}

/** 新建召回 / 服务活动: what is done to the car, when, and which cars (an imported VIN list or a rule). */
export function CampaignFormDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: Campaign) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const models = useVehicleModels();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [imported, setImported] = useState<Imported | null>(null);
  const [reading, setReading] = useState(false);
  const [serverProblems, setServerProblems] = useState<{ problems: VinRowProblem[]; total: number } | null>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const target = (Form.useWatch('target', form) ?? 'file') as CampaignTarget;

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the drawer opens
  useEffect(() => {
    if (!open) return;
    idempotency.reset();
    form.resetFields();
    setImported(null);
    setServerProblems(null);
    form.setFieldsValue({ kind: 'recall', target: 'file', parts: [], validFrom: fromIsoDate(dealerToday().format('YYYY-MM-DD')) });
  }, [open]);

  const fileError = (text: string) => {
    setImported(null);
    form.setFields([{ name: 'vinFile', value: null, errors: [text] }]);
  };

  async function read(file: File) {
    setServerProblems(null);
    const kind = vinFileKind(file.name);
    if (kind === 'legacy_excel') return fileError(t('warranty.campaigns.file.legacyExcel'));
    if (kind === 'other') return fileError(t('warranty.campaigns.file.type'));
    if (file.size > MAX_VIN_FILE_BYTES) return fileError(t('warranty.campaigns.file.tooLarge'));
    setReading(true);
    try {
      const list = kind === 'excel' ? vinListOf(await readXlsx(file)) : parseVinText(await file.text());
      if (list.rows.length === 0) return fileError(t('warranty.campaigns.file.empty'));
      if (list.rows.length > MAX_VIN_ROWS) return fileError(t('warranty.campaigns.file.tooMany', { max: MAX_VIN_ROWS.toLocaleString() }));
      const local = localVinProblems(list.rows);
      setImported({ fileName: file.name, list, local });
      // The rows the browser already knows are wrong are named at once (the form's rule says the same on save).
      const errors = local.total > 0 ? [t('warranty.campaigns.badRows', { count: local.total })] : [];
      form.setFields([{ name: 'vinFile', value: file.name, touched: true, errors }]);
    } catch (error) {
      fileError(t(isEncrypted(error) ? 'warranty.campaigns.file.encrypted' : 'warranty.campaigns.file.unreadable'));
    } finally {
      setReading(false);
    }
  }

  async function send(values: Values) {
    const input = campaignInput(
      { ...values, validFrom: toIsoDate(values.validFrom), validTo: toIsoDate(values.validTo) },
      imported?.list.rows ?? null,
    );
    setSaving(true);
    setServerProblems(null);
    try {
      const created = await warrantyApi.createCampaign(input, idempotency.keyFor(input));
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: warrantyKeys.campaigns });
      void queryClient.invalidateQueries({ queryKey: ['warranty', 'vehicle-campaigns'] });
      void message.success(t('warranty.campaigns.created', { code: created.code, count: created.vehicles }));
      onCreated(created);
    } catch (error) {
      const rows = input.vins ?? [];
      if (error instanceof ApiError && error.errors.some((e) => e.field.startsWith('vins.'))) {
        const found = vinRowProblems(error.errors, rows, error.body.badRows);
        setServerProblems(found);
        form.setFields([{ name: 'vinFile', errors: [t('warranty.campaigns.badRows', { count: found.total })] }]);
        problemsRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        void message.error(t('warranty.campaigns.badRows', { count: found.total }));
        return;
      }
      for (const text of applyProblemToForm(form, error, campaignFieldAliases())) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  function submit(values: Values) {
    const cars =
      values.target === 'file' && imported
        ? t('warranty.campaigns.confirmVins', { count: imported.list.rows.length - imported.list.duplicates })
        : t('warranty.campaigns.confirmRule');
    modal.confirm({
      title: t('warranty.campaigns.confirmTitle', { code: values.code?.trim().toUpperCase() ?? '' }),
      content: (
        <div style={{ display: 'grid', gap: 4 }}>
          <span>{cars}</span>
          <Typography.Text type="secondary">{t('warranty.campaigns.confirmHint')}</Typography.Text>
        </div>
      ),
      okText: t('warranty.campaigns.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => send(values),
    });
  }

  const required = (label: string) => ({ required: true, message: t('form.required', { label }) });
  const between = (min: number, max: number) => ({
    type: 'number' as const,
    min,
    max,
    message: t('warranty.edit.between', { min, max: max.toLocaleString() }),
  });
  const yearInput = (label: string, testId: string) => (
    <InputNumber<number>
      min={1990}
      max={2100}
      precision={0}
      placeholder={t('warranty.campaigns.any')}
      aria-label={label}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
  const serialInput = (label: string, testId: string) => (
    <Input
      className="sb-mono"
      inputMode="numeric"
      maxLength={6}
      placeholder="000000"
      aria-label={label}
      spellCheck={false}
      data-testid={testId}
    />
  );

  return (
    <FormDrawer
      open={open}
      title={t('warranty.campaigns.new')}
      form={form}
      saving={saving}
      onClose={onClose}
      width={760}
      data-testid="campaign-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        scrollToFirstError
        onFinish={(v) => submit({ ...form.getFieldsValue(true), ...v })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('warranty.campaigns.code')}
              tooltip={t('warranty.campaigns.codeHint')}
              normalize={(v: string) => v?.toUpperCase()}
              rules={[
                { ...required(t('warranty.campaigns.code')), whitespace: true },
                { pattern: CAMPAIGN_CODE, message: t('warranty.campaigns.codeFormat') },
              ]}
            >
              <Input className="sb-mono" maxLength={20} autoCapitalize="characters" spellCheck={false} data-testid="campaign-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="kind" label={t('warranty.campaigns.kind')} rules={[required(t('warranty.campaigns.kind'))]}>
              <Segmented
                options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`warranty.campaignKinds.${k}`) }))}
                data-testid="campaign-kind"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('warranty.campaigns.titleField')}
          rules={[
            { ...required(t('warranty.campaigns.titleField')), whitespace: true },
            { max: 100, message: t('form.tooLong', { max: 100 }) },
          ]}
        >
          <Input maxLength={100} showCount data-testid="campaign-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('warranty.campaigns.description')}
          rules={[{ max: 2000, message: t('form.tooLong', { max: 2000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="campaign-description" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item
              name="labourCode"
              label={t('warranty.campaigns.labourCode')}
              rules={[{ max: 40, message: t('form.tooLong', { max: 40 }) }]}
            >
              <Input className="sb-mono" maxLength={40} spellCheck={false} data-testid="campaign-labour-code" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="labourHours"
              label={t('warranty.campaigns.labourHours')}
              rules={[
                required(t('warranty.campaigns.labourHours')),
                { type: 'number', min: 0.01, max: 50, message: t('warranty.edit.between', { min: 0.1, max: 50 }) },
              ]}
            >
              <InputNumber<number>
                min={0.1}
                max={50}
                step={0.1}
                precision={2}
                suffix={t('warranty.lines.hoursUnit')}
                style={{ width: '100%' }}
                data-testid="campaign-labour-hours"
              />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('warranty.campaigns.parts')}</Typography.Title>
        <Form.List
          name="parts"
          rules={[
            {
              validator: async (_, rows: CampaignFormValues['parts']) => {
                if (repeatedIndexes((rows ?? []).map((r) => r?.partNumber)).length > 0)
                  throw new Error(t('warranty.campaigns.duplicatePart'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="campaign-parts">
              {fields.length === 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('warranty.campaigns.noParts')}
                </Typography.Paragraph>
              )}
              {fields.map((field) => (
                <Row key={field.key} gutter={12} align="top" data-testid="campaign-part">
                  <Col xs={12} sm={7}>
                    <Form.Item
                      name={[field.name, 'partNumber']}
                      normalize={(v: string) => v?.toUpperCase()}
                      rules={[
                        { ...required(t('warranty.lines.partNumber')), whitespace: true },
                        { max: 40, message: t('form.tooLong', { max: 40 }) },
                      ]}
                    >
                      <Input
                        className="sb-mono"
                        maxLength={40}
                        placeholder={t('warranty.lines.partNumber')}
                        aria-label={t('warranty.lines.partNumber')}
                        spellCheck={false}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={10}>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[
                        { ...required(t('warranty.campaigns.partName')), whitespace: true },
                        { max: 60, message: t('form.tooLong', { max: 60 }) },
                      ]}
                    >
                      <Input maxLength={60} placeholder={t('warranty.campaigns.partName')} aria-label={t('warranty.campaigns.partName')} />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={5}>
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[
                        required(t('warranty.lines.quantity')),
                        { type: 'number', min: 0.01, max: 100, message: t('warranty.edit.between', { min: 0.01, max: 100 }) },
                      ]}
                    >
                      <InputNumber<number>
                        min={0.01}
                        max={100}
                        precision={2}
                        placeholder={t('warranty.lines.quantity')}
                        aria-label={t('warranty.lines.quantity')}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={2}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('warranty.policies.removeRow')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= 20}
                onClick={() => add({ quantity: 1 })}
                style={{ marginBottom: 16 }}
                data-testid="campaign-add-part"
              >
                {t('warranty.campaigns.addPart')}
              </Button>
            </div>
          )}
        </Form.List>

        <Row gutter={16}>
          <Col xs={12}>
            <Form.Item
              name="validFrom"
              label={t('warranty.campaigns.validFromField')}
              rules={[required(t('warranty.campaigns.validFromField'))]}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="campaign-valid-from" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="validTo"
              label={t('warranty.campaigns.validToField')}
              tooltip={t('warranty.campaigns.validToHint')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                    if (value && from && value.isBefore(from, 'day')) throw new Error(t('errors.codes.before_from'));
                  },
                }),
              ]}
            >
              <DatePicker
                style={{ width: '100%' }}
                inputReadOnly
                placeholder={t('warranty.campaigns.openEnded')}
                data-testid="campaign-valid-to"
              />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('warranty.campaigns.affected')}</Typography.Title>
        <Form.Item name="target" style={{ marginBottom: 12 }}>
          <Segmented<CampaignTarget>
            options={[
              { value: 'file', label: t('warranty.campaigns.targets.file') },
              { value: 'rule', label: t('warranty.campaigns.targets.rule') },
            ]}
            onChange={() => setServerProblems(null)}
            data-testid="campaign-target"
          />
        </Form.Item>

        {target === 'file' ? (
          <div ref={problemsRef}>
            <Form.Item
              name="vinFile"
              label={t('warranty.campaigns.file.label')}
              extra={t('warranty.campaigns.file.hint')}
              rules={[
                {
                  validator: async (_, value: string | null | undefined) => {
                    if (!value || !imported) throw new Error(t('warranty.campaigns.file.required'));
                    if (imported.local.total > 0) throw new Error(t('warranty.campaigns.badRows', { count: imported.local.total }));
                  },
                },
              ]}
            >
              <VinFileButton reading={reading} onPick={(file) => void read(file)} />
            </Form.Item>
            {imported && (
              <Alert
                type={imported.local.total > 0 ? 'error' : 'success'}
                showIcon
                icon={<FileTextOutlined />}
                style={{ marginBottom: 12 }}
                title={
                  <span data-testid="campaign-file-count" data-count={imported.list.rows.length}>
                    {t('warranty.campaigns.file.read', { name: imported.fileName, count: imported.list.rows.length })}
                  </span>
                }
                description={
                  <div style={{ display: 'grid', gap: 2 }}>
                    {imported.list.headerSkipped && <span>{t('warranty.campaigns.file.headerSkipped')}</span>}
                    {imported.list.duplicates > 0 && (
                      <span>{t('warranty.campaigns.file.duplicates', { count: imported.list.duplicates })}</span>
                    )}
                    {imported.local.total > 0 ? (
                      <span>{t('warranty.campaigns.file.localProblems', { count: imported.local.total })}</span>
                    ) : (
                      <span>{t('warranty.campaigns.file.checkedOnSave')}</span>
                    )}
                  </div>
                }
              />
            )}
            {imported && imported.local.total > 0 && !serverProblems && (
              <VinProblemsTable problems={imported.local.problems} total={imported.local.total} />
            )}
            {serverProblems && (
              <Alert
                type="error"
                showIcon
                title={t('warranty.campaigns.notCreated', { count: serverProblems.total })}
                description={<VinProblemsTable problems={serverProblems.problems} total={serverProblems.total} />}
                data-testid="campaign-server-problems"
              />
            )}
          </div>
        ) : (
          <div data-testid="campaign-rule">
            <Typography.Paragraph type="secondary">{t('warranty.campaigns.ruleHint')}</Typography.Paragraph>
            <Form.Item name="modelId" label={t('warranty.policies.model')} rules={[required(t('warranty.policies.model'))]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={models.isPending}
                placeholder={t('warranty.edit.choose')}
                options={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.code} ${m.name}` }))}
                data-testid="campaign-model"
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={12}>
                <Form.Item name="modelYearFrom" label={t('warranty.campaigns.modelYearFrom')} rules={[between(1990, 2100)]}>
                  {yearInput(t('warranty.campaigns.modelYearFrom'), 'campaign-year-from')}
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item
                  name="modelYearTo"
                  label={t('warranty.campaigns.modelYearTo')}
                  dependencies={['modelYearFrom']}
                  rules={[
                    between(1990, 2100),
                    ({ getFieldValue }) => ({
                      validator: async (_, value: number | null | undefined) => {
                        const from = getFieldValue('modelYearFrom') as number | null | undefined;
                        if (value && from && value < from) throw new Error(t('errors.codes.before_from'));
                      },
                    }),
                  ]}
                >
                  {yearInput(t('warranty.campaigns.modelYearTo'), 'campaign-year-to')}
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item
                  name="serialFrom"
                  label={t('warranty.campaigns.serialFrom')}
                  tooltip={t('warranty.campaigns.serialHint')}
                  rules={[{ pattern: SERIAL, message: t('warranty.campaigns.serialFormat') }]}
                >
                  {serialInput(t('warranty.campaigns.serialFrom'), 'campaign-serial-from')}
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item
                  name="serialTo"
                  label={t('warranty.campaigns.serialTo')}
                  dependencies={['serialFrom']}
                  rules={[
                    { pattern: SERIAL, message: t('warranty.campaigns.serialFormat') },
                    ({ getFieldValue }) => ({
                      validator: async (_, value: string | null | undefined) => {
                        const from = getFieldValue('serialFrom') as string | null | undefined;
                        if (value && from && SERIAL.test(value) && SERIAL.test(from) && value < from)
                          throw new Error(t('errors.codes.before_from'));
                      },
                    }),
                  ]}
                >
                  {serialInput(t('warranty.campaigns.serialTo'), 'campaign-serial-to')}
                </Form.Item>
              </Col>
            </Row>
          </div>
        )}
      </Form>
    </FormDrawer>
  );
}
