// Checks an edited walk-around checklist with the API's own schema, row by row, before it is sent.
import { walkaroundTemplateInputSchema } from '@servicebay/contracts';
import type { FieldProblem } from '../../api/client';
import { fieldProblemMessage, zodIssueMessage } from '../../api/problems';
import i18n from '../../i18n';

export const MAX_ITEMS = 40;
export const MAX_ITEM_LENGTH = 60;

export type TemplateErrors = { rows: Record<number, string>; list: string | null };

/** Duplicates as the server sees them (after trimming): every row after the first of its name. */
export function duplicateRows(items: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    const key = item.trim();
    if (key && seen.has(key)) out.push(i);
    seen.add(key);
  });
  return out;
}

/** The rows' and the list's messages, or null when the API would accept the list. */
export function validateTemplate(items: readonly string[]): TemplateErrors | null {
  const result = walkaroundTemplateInputSchema.safeParse({ items });
  const errors: TemplateErrors = { rows: {}, list: null };
  for (const index of duplicateRows(items)) errors.rows[index] = i18n.t('walkaroundTemplate.duplicate');
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [, index] = issue.path;
      if (typeof index === 'number') errors.rows[index] ??= zodIssueMessage(issue, items[index], i18n.t('walkaroundTemplate.item'));
      else if (issue.code === 'too_small') errors.list = i18n.t('walkaroundTemplate.atLeastOne');
      else if (issue.code === 'too_big') errors.list = i18n.t('walkaroundTemplate.atMost', { max: MAX_ITEMS });
      else if (issue.message === 'duplicate_item') errors.list ??= i18n.t('walkaroundTemplate.duplicates');
      else errors.list ??= zodIssueMessage(issue, items);
    }
  }
  return Object.keys(errors.rows).length > 0 || errors.list ? errors : null;
}

/** The API's field problems (`items`, `items.3`) as the same row and list messages. */
export function problemsToTemplateErrors(problems: readonly FieldProblem[], problemCode?: string): TemplateErrors {
  const errors: TemplateErrors = { rows: {}, list: null };
  for (const problem of problems) {
    const match = /^items\.(\d+)$/.exec(problem.field);
    const text = problem.code === 'duplicate_item' ? i18n.t('walkaroundTemplate.duplicates') : fieldProblemMessage(problem, problemCode);
    if (match) errors.rows[Number(match[1])] ??= text;
    else errors.list ??= text;
  }
  return errors;
}
