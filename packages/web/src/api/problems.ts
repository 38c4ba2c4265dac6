// Turns API problems and zod issues into messages in the user's language, and puts field errors
// under the right form field.
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import i18n from '../i18n';
import { ApiError, type FieldProblem, NetworkError } from './client';

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** i18next's typed `t` rejects keys built at run time; this one checks them with `exists` instead. */
const tr: Translate = (key, options) => (i18n.t as unknown as Translate)(key, options);

export function hasTranslation(key: string): boolean {
  return i18n.exists(key);
}

/** The translated text of an error code, or the fallback when we have none. */
export function codeMessage(code: string, fallback?: string): string {
  const key = `errors.codes.${code}`;
  if (hasTranslation(key)) return tr(key);
  return fallback ?? tr('errors.unknown', { detail: code });
}

/** The message shown under a field for one of the server's field errors. */
export function fieldProblemMessage(problem: FieldProblem, problemCode?: string): string {
  if (problem.code === 'taken' && problemCode && problemCode.endsWith('_taken') && hasTranslation(`errors.codes.${problemCode}`)) {
    return tr(`errors.codes.${problemCode}`);
  }
  if (problem.code === 'lower_than_earlier') {
    const m = /lower than (\d+) km read on (\d{4}-\d{2}-\d{2})/.exec(problem.message);
    if (m) return tr('errors.codes.lower_than_earlier_detail', { km: Number(m[1]).toLocaleString(), date: m[2] });
  }
  if (problem.code === 'higher_than_later') {
    const m = /higher than (\d+) km read later, on (\d{4}-\d{2}-\d{2})/.exec(problem.message);
    if (m) return tr('errors.codes.higher_than_later_detail', { km: Number(m[1]).toLocaleString(), date: m[2] });
  }
  return codeMessage(problem.code, problem.message);
}

/** One line for a toast: the problem's own code, or what went wrong with the network. */
export function errorMessage(error: unknown): string {
  if (error instanceof NetworkError) return tr('errors.network');
  if (error instanceof ApiError) {
    if (error.status >= 500) return tr('errors.server');
    const first = error.errors[0];
    if (error.code === 'validation_failed' && first) return fieldProblemMessage(first, error.code);
    return codeMessage(error.code, error.detail);
  }
  if (error instanceof Error) return tr('errors.unknown', { detail: error.message });
  return tr('errors.unknown', { detail: String(error) });
}

/**
 * Shows each field error of an API problem under its form field (form.setFields).
 * Returns the messages that have no field on this form, for a toast.
 */
export function applyProblemToForm(form: FormInstance, error: unknown, fieldAliases: Record<string, string> = {}): string[] {
  if (!(error instanceof ApiError) || error.errors.length === 0) return [errorMessage(error)];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const problem of error.errors) {
    const field = fieldAliases[problem.field] ?? problem.field;
    const text = fieldProblemMessage(problem, error.code);
    if (registered.has(field)) byField.set(field, [...(byField.get(field) ?? []), text]);
    else rest.push(text);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: namePath(field), errors })));
  const first = byField.keys().next();
  if (!first.done) form.scrollToField(namePath(first.value), { block: 'center' });
  return rest;
}

/** `lines.0.hours` → ['lines', 0, 'hours']: a Form.List's fields are named by number, and antd tells '0' from 0. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

type Issue = z.core.$ZodIssue;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The translated message of the first zod issue, as the API would report it. */
export function zodIssueMessage(issue: Issue, value: unknown, label?: string): string {
  // Our own rules name their code in the message (invalid_mobile, invalid_vin_check_digit …).
  if (/^[a-z_]+$/.test(issue.message) && hasTranslation(`errors.codes.${issue.message}`)) return tr(`errors.codes.${issue.message}`);
  const required = () => (label ? tr('form.required', { label }) : tr('form.requiredShort'));
  switch (issue.code) {
    case 'invalid_type':
      if (isEmpty(value)) return required();
      return issue.expected === 'int' ? tr('form.notInteger') : tr('form.invalid');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? required() : tr('form.tooShort', { min: Number(issue.minimum) });
      return tr('form.tooSmall', { min: Number(issue.minimum).toLocaleString() });
    case 'too_big':
      if (issue.origin === 'string') return tr('form.tooLong', { max: Number(issue.maximum) });
      return tr('form.tooBig', { max: Number(issue.maximum).toLocaleString() });
    case 'invalid_format':
      if (issue.format === 'email') return tr('form.invalidEmail');
      if (issue.format === 'date' || issue.format === 'datetime') return tr('form.invalidDate');
      if (issue.format === 'uuid' && isEmpty(value)) return required();
      return tr('form.invalid');
    case 'invalid_value':
      return tr('form.invalidChoice');
    case 'invalid_union': {
      const nested = issue.errors[0]?.[0];
      return nested ? zodIssueMessage(nested, value, label) : tr('form.invalid');
    }
    default:
      return tr('form.invalid');
  }
}
