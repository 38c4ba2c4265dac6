import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { zodIssueMessage } from '../../api/problems';

export type FieldErrors = { name: (string | number)[]; errors: string[] }[];

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The whole request checked against its contract schema, including the rules between fields
 * (a call-back needs its time, the minimum may not exceed the target): one entry per field, ready
 * for `form.setFields`. Empty when the request is valid. `labels` names fields for "请填写…".
 */
export function zodFormErrors(schema: z.ZodType, input: unknown, labels: Record<string, string> = {}): FieldErrors {
  const result = schema.safeParse(input);
  if (result.success) return [];
  const byField = new Map<string, FieldErrors[number]>();
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = path.join('.');
    if (byField.has(key)) continue;
    byField.set(key, { name: path, errors: [zodIssueMessage(issue, valueAt(input, path), labels[key])] });
  }
  return [...byField.values()];
}

/**
 * Checks the request against its schema and puts each problem under its form field (`aliases` maps
 * a request field to the form's, e.g. `periodFrom` → `period`). Returns whether there were problems.
 */
export function applyZodErrors(
  form: FormInstance,
  schema: z.ZodType,
  input: unknown,
  options: { labels?: Record<string, string>; aliases?: Record<string, string> } = {},
): boolean {
  const problems = zodFormErrors(schema, input, options.labels);
  if (problems.length === 0) return false;
  const fields = new Map<string, string[]>();
  for (const problem of problems) {
    const key = problem.name.join('.');
    const field = options.aliases?.[key] ?? options.aliases?.[String(problem.name[0])] ?? key;
    if (!fields.has(field)) fields.set(field, problem.errors);
  }
  form.setFields([...fields].map(([field, errors]) => ({ name: field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors })));
  const first = fields.keys().next();
  if (!first.done) form.scrollToField(first.value.split('.'), { block: 'center' });
  return true;
}
