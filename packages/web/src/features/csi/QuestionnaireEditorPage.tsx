import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { type Answers, type QuestionnaireDefinition, questionnaireInputSchema } from '@servicebay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, List, Row, Segmented, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { csiApi, csiKeys, type Questionnaire, useQuestionnaire } from '../../api/csi';
import { applyProblemToForm, errorMessage } from '../../api/problems';
import { useCan, useUser } from '../../app/session';
import { formatDateTime } from '../../components/DateText';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { applyZodErrors } from '../../components/form/zodForm';
import { ErrorState, PageSkeleton } from '../../components/PageState';
import { QuestionEditor } from './QuestionEditor';
import { canEditQuestionnaire } from './QuestionnaireListPage';
import { newQuestion, nextQuestionId, type QuestionnaireValues, toDefinition, toValues } from './questionnaireForm';
import { SurveyQuestions } from './SurveyQuestions';
import { type Answer, missingRequired, progressPercent, weightSum } from './survey';

/** The preview shows a booked visit's survey: every question, the appointment ones too. */
const PREVIEW_CONTEXT = { booked: true };

/** 问卷编辑: texts, factors and weights, questions with their conditions, and a live preview of what the customer sees. */
export function QuestionnaireEditorPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const creating = id === 'new';
  const sourceId = creating ? (params.get('from') ?? '') : id;
  const source = useQuestionnaire(sourceId);
  const { t } = useTranslation();

  if (!sourceId) return <ErrorState error={new ApiError({ status: 404, code: 'not_found' })} />;
  if (source.isPending) return <PageSkeleton cards={3} />;
  if (source.isError)
    return <ErrorState error={source.error} onRetry={() => void source.refetch()} notFoundText={t('csi.builder.notFound')} />;
  // Re-mount on a new version so the form starts from what was saved (not on activation: edits stay).
  return <Editor key={`${source.data.id}-${source.data.currentVersion}-${creating}`} questionnaire={source.data} creating={creating} />;
}

function Editor({ questionnaire: q, creating }: { questionnaire: Questionnaire; creating: boolean }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const user = useUser();
  const carMaker = !user.dealer;
  const canManage = useCan('csi.manage');
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<QuestionnaireValues>();
  const [saving, setSaving] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [previewLanguage, setPreviewLanguage] = useState<'zh-CN' | 'en'>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [previewAnswers, setPreviewAnswers] = useState<Answers>({});
  const scope = creating ? (carMaker ? 'network' : 'dealer') : q.scope;
  const editable = canManage && (creating || canEditQuestionnaire(q, carMaker));
  // Taken once: a new saved version re-mounts the editor; activating keeps what is being edited.
  const [initial] = useState(() => toValues(creating ? t('csi.builder.copyName', { name: q.name }) : q.name, q.definition));

  useEffect(() => {
    form.setFieldsValue(initial);
  }, [form, initial]);

  const watched = Form.useWatch('definition', form);
  const definition = watched ?? initial.definition;
  const preview = useMemo(() => {
    const d = toDefinition(definition);
    // The preview draws whatever is typed so far; the defaults the schema would fill are already there.
    return {
      ...d,
      questions: d.questions.map((x, i) => ({
        ...x,
        id: x.id || `_${i}`,
        text: { 'zh-CN': x.text['zh-CN'] || '…', en: x.text.en || '…' },
      })),
    } as QuestionnaireDefinition;
  }, [definition]);
  const sum = weightSum((definition?.factors ?? []).map((f) => ({ weight: f?.weight ?? 0 })));

  async function save() {
    let values: QuestionnaireValues;
    try {
      values = await form.validateFields();
    } catch {
      void message.error(t('form.fixErrors'));
      return;
    }
    const all = { ...form.getFieldsValue(true), ...values } as QuestionnaireValues;
    const input = { name: (all.name ?? '').trim(), scope, definition: toDefinition(all.definition) };
    if (applyZodErrors(form, questionnaireInputSchema, input)) {
      void message.error(t('form.fixErrors'));
      return;
    }
    if (creating) return void persist(input);
    modal.confirm({
      title: t('csi.builder.saveConfirm', { version: q.currentVersion + 1 }),
      content: t('csi.builder.saveConfirmHint'),
      okText: t('csi.builder.saveOk'),
      onOk: () => persist(input),
    });
  }

  async function persist(input: { name: string; scope: 'dealer' | 'network'; definition: ReturnType<typeof toDefinition> }) {
    setSaving(true);
    try {
      if (creating) {
        const created = await csiApi.createQuestionnaire(input, idempotency.keyFor(input));
        idempotency.reset();
        queryClient.setQueryData(csiKeys.questionnaire(created.id), created);
        void queryClient.invalidateQueries({ queryKey: csiKeys.questionnaires, exact: true });
        void message.success(t('csi.builder.created'));
        void navigate(`/settings/questionnaires/${created.id}`, { replace: true });
      } else {
        const saved = await csiApi.updateQuestionnaire(q.id, { rowVersion: q.rowVersion, name: input.name, definition: input.definition });
        void queryClient.invalidateQueries({ queryKey: csiKeys.questionnaires, exact: true });
        queryClient.setQueryData(csiKeys.questionnaire(q.id), saved);
        void message.success(t('csi.builder.savedVersion', { version: saved.currentVersion }));
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        modal.warning({
          title: t('csi.builder.conflict'),
          content: t('csi.builder.conflictHint'),
          okText: t('common.reload'),
          onOk: () => queryClient.invalidateQueries({ queryKey: csiKeys.questionnaire(q.id) }),
        });
      } else for (const text of applyProblemToForm(form, error)) void message.error(text);
    } finally {
      setSaving(false);
    }
  }

  async function toggleActive(active: boolean) {
    setToggling(true);
    try {
      const saved = await csiApi.updateQuestionnaire(q.id, { rowVersion: q.rowVersion, active });
      void queryClient.invalidateQueries({ queryKey: csiKeys.questionnaires, exact: true });
      // The form's edits stay: only the row version and the flag change.
      queryClient.setQueryData<Questionnaire>(csiKeys.questionnaire(q.id), saved);
      void message.success(active ? t('csi.builder.activated') : t('csi.builder.deactivated'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setToggling(false);
    }
  }

  function answerPreview(questionId: string, value: Answer | undefined) {
    setPreviewAnswers((prev) => {
      const next = { ...prev };
      if (value === undefined) delete next[questionId];
      else next[questionId] = value;
      return next;
    });
  }

  return (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'minmax(0, 1fr)' }} data-testid="questionnaire-editor">
      <Space wrap style={{ justifyContent: 'space-between' }}>
        <Space wrap>
          <Link to="/settings/questionnaires">
            <Button icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {creating ? t('csi.builder.new') : q.name}
          </Typography.Title>
          <Tag color={scope === 'network' ? 'geekblue' : 'green'}>{t(`csi.builder.scopes.${scope}`)}</Tag>
          {!creating && <Tag data-testid="questionnaire-version">v{q.currentVersion}</Tag>}
        </Space>
        <Space wrap>
          {!creating && (
            <Space>
              <Typography.Text>{t('csi.builder.active')}</Typography.Text>
              <Switch
                checked={q.active}
                loading={toggling}
                disabled={!editable}
                onChange={(checked) => void toggleActive(checked)}
                data-testid="questionnaire-active"
              />
            </Space>
          )}
          {editable && (
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="questionnaire-save">
              {creating ? t('csi.builder.create') : t('csi.builder.saveVersion')}
            </Button>
          )}
        </Space>
      </Space>
      {!editable && <Alert type="info" showIcon title={t('csi.builder.readOnly')} data-testid="questionnaire-read-only" />}
      {!creating && editable && <Alert type="info" showIcon title={t('csi.builder.versionHint')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Form<QuestionnaireValues>
            form={form}
            layout="vertical"
            disabled={!editable}
            initialValues={initial}
            onFinish={() => void save()}
          >
            <div style={{ display: 'grid', gap: 16 }}>
              <Card title={t('csi.builder.basics')}>
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name="name"
                      label={t('csi.builder.name')}
                      rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
                    >
                      <Input maxLength={80} data-testid="questionnaire-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={['definition', 'lowCsiBelow']}
                      label={t('csi.builder.lowCsiBelow')}
                      extra={t('csi.builder.lowCsiBelowHint')}
                    >
                      <InputNumber<number> min={0} max={100} style={{ width: '100%' }} data-testid="questionnaire-low-csi" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={['definition', 'title', 'zh-CN']}
                      label={t('csi.builder.titleZh')}
                      rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
                    >
                      <Input maxLength={300} data-testid="questionnaire-title-zh" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={['definition', 'title', 'en']}
                      label={t('csi.builder.titleEn')}
                      rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
                    >
                      <Input maxLength={300} data-testid="questionnaire-title-en" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
              <Card
                title={t('csi.builder.factors')}
                extra={
                  <Typography.Text type={sum === 100 ? 'success' : 'warning'} data-testid="factor-weight-sum" data-sum={sum}>
                    {t('csi.builder.weightSum', { sum })}
                  </Typography.Text>
                }
              >
                {sum !== 100 && <Alert type="warning" showIcon title={t('csi.builder.weightSumHint')} style={{ marginBottom: 12 }} />}
                <Form.List name={['definition', 'factors']}>
                  {(fields, { add, remove }) => (
                    <div style={{ display: 'grid', gap: 8 }}>
                      {fields.map((field) => (
                        <div
                          key={field.key}
                          style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}
                          data-testid="factor-row"
                        >
                          <Form.Item
                            name={[field.name, 'key']}
                            style={{ marginBottom: 0, width: 130 }}
                            rules={[{ required: true, message: t('form.requiredShort') }]}
                          >
                            <Input
                              placeholder={t('csi.builder.factorKey')}
                              aria-label={t('csi.builder.factorKey')}
                              maxLength={40}
                              data-testid="factor-key"
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'name', 'zh-CN']}
                            style={{ marginBottom: 0, flex: '1 1 130px' }}
                            rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
                          >
                            <Input
                              placeholder={t('csi.builder.nameZh')}
                              aria-label={t('csi.builder.nameZh')}
                              maxLength={300}
                              data-testid="factor-name-zh"
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'name', 'en']}
                            style={{ marginBottom: 0, flex: '1 1 130px' }}
                            rules={[{ required: true, whitespace: true, message: t('form.requiredShort') }]}
                          >
                            <Input
                              placeholder={t('csi.builder.nameEn')}
                              aria-label={t('csi.builder.nameEn')}
                              maxLength={300}
                              data-testid="factor-name-en"
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'weight']}
                            style={{ marginBottom: 0, width: 110 }}
                            rules={[{ required: true, message: t('form.requiredShort') }]}
                          >
                            <InputNumber<number>
                              min={0}
                              max={100}
                              suffix="%"
                              placeholder={t('csi.builder.weight')}
                              aria-label={t('csi.builder.factorWeight')}
                              style={{ width: '100%' }}
                              data-testid="factor-weight"
                            />
                          </Form.Item>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('csi.builder.remove')}
                            onClick={() => remove(field.name)}
                            data-testid="factor-remove"
                          />
                        </div>
                      ))}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ key: '', name: { 'zh-CN': '', en: '' }, weight: 0 })}
                        disabled={fields.length >= 12}
                        style={{ justifySelf: 'start' }}
                        data-testid="factor-add"
                      >
                        {t('csi.builder.addFactor')}
                      </Button>
                    </div>
                  )}
                </Form.List>
              </Card>
              <Card title={t('csi.builder.questions', { count: definition?.questions?.length ?? 0 })}>
                <Form.List name={['definition', 'questions']}>
                  {(fields, { add, remove, move }) => (
                    <div style={{ display: 'grid', gap: 12 }}>
                      {fields.map((field, index) => (
                        <QuestionEditor
                          key={field.key}
                          name={field.name}
                          index={index}
                          count={fields.length}
                          definition={definition}
                          language={i18n.language}
                          disabled={!editable}
                          onMove={move}
                          onRemove={() => remove(field.name)}
                        />
                      ))}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        disabled={fields.length >= 60}
                        onClick={() => {
                          const questions = form.getFieldValue(['definition', 'questions']) ?? [];
                          add(newQuestion(nextQuestionId(questions), null));
                        }}
                        data-testid="question-add"
                      >
                        {t('csi.builder.addQuestion')}
                      </Button>
                    </div>
                  )}
                </Form.List>
              </Card>
            </div>
          </Form>
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: 'sticky', top: 16, display: 'grid', gap: 16 }}>
            <Card
              title={t('csi.builder.preview')}
              extra={
                <Space>
                  <Segmented<'zh-CN' | 'en'>
                    size="small"
                    value={previewLanguage}
                    onChange={setPreviewLanguage}
                    options={[
                      { value: 'zh-CN', label: '中文' },
                      { value: 'en', label: 'English' },
                    ]}
                    data-testid="preview-language"
                  />
                  <Button
                    size="small"
                    icon={<ReloadOutlined />}
                    onClick={() => setPreviewAnswers({})}
                    aria-label={t('csi.builder.previewReset')}
                    title={t('csi.builder.previewReset')}
                  />
                </Space>
              }
              styles={{ body: { background: '#f3f5f8', maxHeight: 'calc(100vh - 160px)', overflow: 'auto' } }}
              data-testid="survey-preview"
            >
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {previewLanguage === 'en' ? preview.title.en : preview.title['zh-CN']}
              </Typography.Title>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
                {t('csi.builder.previewStatus', {
                  percent: progressPercent(preview, previewAnswers, PREVIEW_CONTEXT),
                  missing: missingRequired(preview, previewAnswers, PREVIEW_CONTEXT).length,
                })}
              </Typography.Text>
              <SurveyQuestions
                definition={preview}
                answers={previewAnswers}
                onAnswer={answerPreview}
                language={previewLanguage}
                context={PREVIEW_CONTEXT}
              />
            </Card>
            {!creating && (
              <Card size="small" title={t('csi.builder.versionList')}>
                <List
                  size="small"
                  dataSource={[...q.versions].sort((a, b) => b.version - a.version)}
                  renderItem={(v) => (
                    <List.Item extra={t('csi.builder.versionResponses', { count: v.responses })} data-testid="questionnaire-version-row">
                      <Space>
                        <Tag color={v.version === q.currentVersion ? 'blue' : undefined}>v{v.version}</Tag>
                        <Typography.Text type="secondary">
                          {formatDateTime(v.createdAt)}
                          {v.createdBy ? ` · ${v.createdBy}` : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </div>
        </Col>
      </Row>
    </div>
  );
}
