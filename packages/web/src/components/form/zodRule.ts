import type { FormRule } from 'antd';
import type { z } from 'zod';
import { zodIssueMessage } from '../../api/problems';

/**
 * An antd Form rule that runs one field's schema from @servicebay/contracts, so the form refuses
 * exactly what the API refuses, with the same (translated) message.
 * `toInput` converts the form's value (a dayjs, an empty string …) to what the API receives.
 */
export function zodRule(schema: z.ZodType, options: { label?: string; toInput?: (value: unknown) => unknown } = {}): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const input = options.toInput ? options.toInput(value) : value;
      const result = schema.safeParse(input);
      if (result.success) return;
      const issue = result.error.issues[0];
      throw new Error(issue ? zodIssueMessage(issue, input, options.label) : undefined);
    },
  };
}

/** '' and undefined become null, for optional API fields. */
export const emptyToNull = (value: unknown) => (value === undefined || value === '' ? null : value);
