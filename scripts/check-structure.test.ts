import { describe, expect, it } from 'vitest';
import { checkSource, formatViolations } from './check-structure.js';

const rules = (file: string, text: string) => checkSource(file, text).map((v) => `${v.line}:${v.rule}`);

describe('SQL only in repositories', () => {
  const query = [
    "const a = await db.selectFrom('dealers').selectAll().execute();",
    "await tx.insertInto('x').values({}).execute();",
    'await db.updateTable(t).set({}).execute();',
    'await db.deleteFrom(t).execute();',
    'const b = sql<number>`select 1`;',
    'const c = sql`select 2`;',
  ].join('\n');

  it('flags query builders and sql templates in a service', () => {
    expect(rules('packages/server/src/modules/x/x.service.ts', query)).toEqual([
      '1:sql-outside-repository',
      '2:sql-outside-repository',
      '3:sql-outside-repository',
      '4:sql-outside-repository',
      '5:sql-outside-repository',
      '6:sql-outside-repository',
    ]);
  });

  it('allows them in repositories, platform, migrations and tests', () => {
    for (const file of [
      'packages/server/src/modules/x/x.repository.ts',
      'packages/server/src/platform/outbox.ts',
      'packages/server/migrations/0001_foundation.ts',
      'packages/server/src/modules/x/x.rules.test.ts',
    ])
      expect(rules(file, query)).toEqual([]);
  });

  it('does not mistake other calls or templates for SQL', () => {
    expect(rules('packages/server/src/modules/x/x.service.ts', 'selectFrom(1); html`<p>`; repo.select();')).toEqual([]);
  });
});

describe('named response schemas in routes', () => {
  const route = (response: string) =>
    `app.get('/x', { schema: { tags, params, response: ${response} } }, (request) => x.get(actorOf(request)));`;
  const file = 'packages/server/src/modules/x/x.routes.ts';

  it('accepts schemas named by identifier or property access', () => {
    expect(rules(file, route('{ 200: vehicleSchema, 201: contracts.vehicleSchema, 204: emptySchema as never }'))).toEqual([]);
  });

  it('flags inline zod calls', () => {
    const found = checkSource(file, route('{ 200: z.object({ items: z.array(vehicleSchema) }), 201: vehicleSchema }'));
    expect(found.map((v) => v.rule)).toEqual(['inline-response-schema']);
    expect(found[0]!.message).toContain('response 200');
  });

  it('looks only at route files', () => {
    expect(rules('packages/server/src/modules/x/x.service.ts', route('{ 200: z.object({}) }'))).toEqual([]);
  });
});

it('prints file:line: message and a summary', () => {
  const found = checkSource('packages/server/src/app.ts', "\n\ndb.selectFrom('networks');");
  const text = formatViolations(found, { list: false });
  expect(text.split('\n')[0]).toMatch(/^packages\/server\/src\/app\.ts:3: \.selectFrom\(\)/);
  expect(text).toContain('1 structure violation(s) in 1 file(s)');
  expect(formatViolations([], { list: true })).toBe('no structure violations found');
});
