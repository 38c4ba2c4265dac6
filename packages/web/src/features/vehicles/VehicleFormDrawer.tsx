import { type Vehicle, vehicleInputSchema } from '@servicebay/contracts';
import { FUEL_TYPES, formatPlate, isValidPlate, normalizeVin, USE_TYPES } from '@servicebay/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { customerKeys } from '../../api/customers';
import { applyProblemToForm } from '../../api/problems';
import { useVehicleModels, vehicleKeys, vehiclesApi } from '../../api/vehicles';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { FormDrawer } from '../../components/FormDrawer';
import { toIsoDate } from '../../components/form/dates';
import { useIdempotencyKey } from '../../components/form/useIdempotencyKey';
import { emptyToNull, zodRule } from '../../components/form/zodRule';
import { PlateTag } from '../../components/PlateTag';
import {
  changedVehicleFields,
  emptyVehicleValues,
  type VehicleFormValues,
  valuesToInput,
  vehiclePatchBody,
  vehicleToValues,
} from './vehicleForm';

type Props = {
  open: boolean;
  /** The record to edit; absent → register a new vehicle. */
  vehicle?: Vehicle;
  /** For a new vehicle: its owner (the customer whose 360 page we are on). */
  owner?: PickedCustomer;
  onClose: () => void;
  onSaved: (vehicle: Vehicle) => void;
};

const shape = vehicleInputSchema.shape;

export function VehicleFormDrawer({ open, vehicle, owner, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const models = useVehicleModels();
  const [form] = Form.useForm<VehicleFormValues>();
  const idempotency = useIdempotencyKey();
  const [saving, setSaving] = useState(false);
  const [base, setBase] = useState<Vehicle | undefined>(vehicle);
  const [conflict, setConflict] = useState(false);
  const [people, setPeople] = useState<PickedCustomer[]>([]);
  const plate = Form.useWatch('plate', form);
  const ownerId = Form.useWatch('ownerId', form);

  useEffect(() => {
    if (!open) return;
    setBase(vehicle);
    setConflict(false);
    idempotency.reset();
    form.resetFields();
    form.setFieldsValue(vehicle ? vehicleToValues(vehicle) : emptyVehicleValues(owner?.id ?? null));
    // Only when the drawer opens: later changes of `vehicle` must not wipe what the user typed.
  }, [open]);

  const known = [owner, base?.owner, base?.user, ...people];

  function afterSave(saved: Vehicle) {
    queryClient.setQueryData(vehicleKeys.detail(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: vehicleKeys.all });
    void queryClient.invalidateQueries({ queryKey: customerKeys.all });
    onSaved(saved);
  }

  async function handleError(error: unknown) {
    if (error instanceof ApiError && error.code === 'version_conflict' && base) {
      const fresh = await queryClient.fetchQuery({
        queryKey: vehicleKeys.detail(base.id),
        queryFn: () => vehiclesApi.get(base.id),
        staleTime: 0,
      });
      setBase(fresh);
      form.setFieldsValue(vehicleToValues(fresh));
      setConflict(true);
      return;
    }
    const rest = applyProblemToForm(form, error);
    for (const text of rest) void message.error(text);
  }

  async function save(run: () => Promise<Vehicle>, successText: (v: Vehicle) => string) {
    setSaving(true);
    try {
      const saved = await run();
      void message.success(successText(saved));
      afterSave(saved);
    } catch (error) {
      await handleError(error);
    } finally {
      setSaving(false);
    }
  }

  function submit(values: VehicleFormValues) {
    if (!base) {
      const input = valuesToInput(values);
      void save(
        async () => {
          const created = await vehiclesApi.create(input, idempotency.keyFor(input));
          idempotency.reset();
          return created;
        },
        (v) => t('vehicle.created', { plate: formatPlate(v.plate) }),
      );
      return;
    }
    const changes = changedVehicleFields(base, values);
    if (Object.keys(changes).length === 0) {
      void message.info(t('vehicle.noChanges'));
      onClose();
      return;
    }
    const patch = () =>
      save(
        () => vehiclesApi.update(base.id, vehiclePatchBody(base, values)),
        () => t('vehicle.updated'),
      );
    if (changes.ownerId && base.owner && changes.ownerId !== base.owner.id) {
      // Handing the car to another owner shows on both customers' timelines: ask first.
      const to = known.find((c) => c?.id === changes.ownerId)?.name ?? '';
      modal.confirm({
        title: t('vehicle.ownerChangeTitle'),
        content: t('vehicle.ownerChangeContent', { from: base.owner.name, to }),
        okText: t('vehicle.ownerChangeOk'),
        cancelText: t('common.cancel'),
        onOk: patch,
      });
      return;
    }
    void patch();
  }

  return (
    <FormDrawer
      open={open}
      title={base ? t('vehicle.editTitle') : t('vehicle.new')}
      form={form}
      saving={saving}
      onClose={onClose}
      width={680}
      data-testid="vehicle-form"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('vehicle.conflictReloaded')}
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setConflict(false) }}
        />
      )}
      <Form<VehicleFormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => submit({ ...form.getFieldsValue(true), ...values })}
        onFinishFailed={() => void message.error(t('form.fixErrors'))}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="plate"
              label={t('vehicle.plate')}
              required
              rules={[zodRule(shape.plate, { label: t('vehicle.plate'), toInput: (v) => v ?? '' })]}
              extra={plate && isValidPlate(plate) ? <PlateTag plate={plate} size="small" /> : undefined}
            >
              <Input
                placeholder={t('vehicle.platePlaceholder')}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={12}
                onBlur={(e) => {
                  if (isValidPlate(e.target.value)) form.setFieldValue('plate', formatPlate(e.target.value));
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="vin"
              label={t('vehicle.vin')}
              required
              normalize={(v: string) => normalizeVin(v ?? '')}
              rules={[zodRule(shape.vin, { label: t('vehicle.vin'), toInput: (v) => v ?? '' })]}
            >
              <Input
                className="sb-mono"
                placeholder={t('vehicle.vinPlaceholder')}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={17}
                showCount
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="modelId" label={t('vehicle.model')} rules={[zodRule(shape.modelId, { toInput: emptyToNull })]}>
              <Select
                allowClear
                loading={models.isPending}
                placeholder={t('vehicle.modelPlaceholder')}
                showSearch={{ optionFilterProp: 'label' }}
                notFoundContent={t('vehicle.noModelFound')}
                options={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.code})` }))}
                onChange={(id: string | undefined) => {
                  const model = models.data?.find((m) => m.id === id);
                  if (model) form.setFieldValue('fuelType', model.fuelType);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="modelYear" label={t('vehicle.modelYear')} rules={[zodRule(shape.modelYear, { toInput: emptyToNull })]}>
              <InputNumber
                style={{ width: '100%' }}
                min={1990}
                max={2100}
                precision={0}
                controls={false}
                inputMode="numeric"
                placeholder={String(dayjs().year())}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="color"
              label={t('vehicle.color')}
              rules={[zodRule(shape.color, { toInput: (v) => (typeof v === 'string' ? v.trim() || null : null) })]}
            >
              <Input maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="fuelType" label={t('vehicle.fuelType')} required>
              <Select options={FUEL_TYPES.map((f) => ({ value: f, label: t(`vehicle.fuelTypes.${f}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="useType" label={t('vehicle.useType')} required>
              <Select options={USE_TYPES.map((u) => ({ value: u, label: t(`vehicle.useTypes.${u}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="ownerId"
              label={t('vehicle.owner')}
              required
              rules={[zodRule(shape.ownerId, { label: t('vehicle.owner'), toInput: (v) => v ?? '' })]}
            >
              <CustomerPicker
                known={known}
                placeholder={t('vehicle.ownerPlaceholder')}
                onChange={(_id, c) => c && setPeople((p) => [...p, c])}
                data-testid="owner-picker"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="userId"
              label={t('vehicle.user')}
              extra={t('vehicle.userHint')}
              rules={[zodRule(shape.userId, { toInput: emptyToNull })]}
            >
              <CustomerPicker
                known={known}
                allowClear
                excludeId={ownerId}
                placeholder={t('vehicle.userPlaceholder')}
                onChange={(_id, c) => c && setPeople((p) => [...p, c])}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="deliveredOn" label={t('vehicle.deliveredOn')} rules={[zodRule(shape.deliveredOn, { toInput: toIsoDate })]}>
              <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="insuranceExpiresOn"
              label={t('vehicle.insuranceExpiresOn')}
              rules={[zodRule(shape.insuranceExpiresOn, { toInput: toIsoDate })]}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="inspectionDueOn"
              label={t('vehicle.inspectionDueOn')}
              rules={[zodRule(shape.inspectionDueOn, { toInput: toIsoDate })]}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
