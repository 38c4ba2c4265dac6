import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldProblem } from '../../api/client';
import i18n, { setLanguage } from '../../i18n';
import { duplicateRows, problemsToTemplateErrors, validateTemplate } from './walkaroundTemplate';

describe('the walk-around checklist editor', () => {
  beforeAll(async () => {
    await setLanguage('en');
  });

  it('accepts what the API accepts', () => {
    expect(validateTemplate(['灯光', '雨刮', '后视镜'])).toBeNull();
  });

  it('marks empty, too long and repeated rows (after trimming) under the row', () => {
    const errors = validateTemplate(['灯光', ' ', 'x'.repeat(61), ' 灯光 '])!;
    expect(errors.rows[0]).toBeUndefined();
    expect(errors.rows[1]).toBe(i18n.t('form.required', { label: i18n.t('walkaroundTemplate.item') }));
    expect(errors.rows[2]).toBe(i18n.t('form.tooLong', { max: 60 }));
    expect(errors.rows[3]).toBe(i18n.t('walkaroundTemplate.duplicate'));
    expect(duplicateRows(['a', 'b', 'a ', 'b', 'c'])).toEqual([2, 3]);
  });

  it('needs 1 to 40 items', () => {
    expect(validateTemplate([])!.list).toBe(i18n.t('walkaroundTemplate.atLeastOne'));
    expect(validateTemplate(Array.from({ length: 41 }, (_, i) => `item ${i}`))!.list).toBe(
      i18n.t('walkaroundTemplate.atMost', { max: 40 }),
    );
  });

  it("puts the API's field problems under their rows", () => {
    const problems: FieldProblem[] = [
      { field: 'items.2', code: 'too_big', message: 'Too big' },
      { field: 'items', code: 'duplicate_item', message: 'duplicate_item' },
    ];
    const errors = problemsToTemplateErrors(problems, 'validation_failed');
    expect(errors.rows[2]).toBe(i18n.t('errors.codes.too_big'));
    expect(errors.list).toBe(i18n.t('walkaroundTemplate.duplicates'));
  });
});
