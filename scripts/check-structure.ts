// Structure rules of the server that neither the compiler nor dependency-cruiser can state:
//   (a) SQL (Kysely query builders and `sql` templates) only in repositories, `platform/`, migrations and tests;
//   (b) a route's `schema.response` names its schemas: `{ 200: vehicleSchema }`, never `{ 200: z.object(...) }`,
//       so every response shape is a contract the web app and the OpenAPI document share.
// Usage: tsx scripts/check-structure.ts [--list]   (--list: grouped by file, with a count per rule)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export type Rule = 'sql-outside-repository' | 'inline-response-schema';
export type Violation = { file: string; line: number; rule: Rule; message: string };

const QUERY_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

/** Where SQL may be written; `file` is a path with forward slashes. */
export function sqlAllowedIn(file: string): boolean {
  return (
    file.endsWith('.repository.ts') || file.endsWith('.test.ts') || /(^|\/)src\/platform\//.test(file) || /(^|\/)migrations\//.test(file)
  );
}

const isRoutesFile = (file: string) => file.endsWith('.routes.ts');

function propertyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current)
  )
    current = current.expression;
  return current;
}

/** The value of a property of an object literal, when it is written there. */
function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | null {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === name) return unwrap(property.initializer);
  }
  return null;
}

const isNamedSchema = (node: ts.Expression) => ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);

/** The violations in one source file; `file` is the path reported (forward slashes), which also decides the rules that apply. */
export function checkSource(file: string, text: string): Violation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const violations: Violation[] = [];
  const report = (node: ts.Node, rule: Rule, message: string) =>
    violations.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, rule, message });
  const checkSql = !sqlAllowedIn(file);
  const checkRoutes = isRoutesFile(file);

  const visit = (node: ts.Node) => {
    if (checkSql && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (QUERY_METHODS.has(method))
        report(node.expression.name, 'sql-outside-repository', `.${method}() outside a repository: move the query to a *.repository.ts`);
    }
    if (checkSql && ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      report(node, 'sql-outside-repository', 'sql template outside a repository: move the query to a *.repository.ts');
    }
    if (checkRoutes && ts.isObjectLiteralExpression(node)) {
      const schema = propertyValue(node, 'schema');
      const response = schema && ts.isObjectLiteralExpression(schema) ? propertyValue(schema, 'response') : null;
      if (response && ts.isObjectLiteralExpression(response)) {
        for (const property of response.properties) {
          if (ts.isShorthandPropertyAssignment(property)) continue;
          if (ts.isSpreadAssignment(property) && isNamedSchema(unwrap(property.expression))) continue;
          if (ts.isPropertyAssignment(property) && isNamedSchema(unwrap(property.initializer))) continue;
          const status = property.name ? (propertyName(property.name as ts.PropertyName) ?? '?') : '...';
          report(property, 'inline-response-schema', `response ${status} is written inline: name it as a schema in @servicebay/contracts`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return violations;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every violation under `packages/server/src` of the repository at `root`. */
export function checkServer(root: string): Violation[] {
  return tsFiles(path.join(root, 'packages/server/src'))
    .sort()
    .flatMap((full) => checkSource(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8')));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

export function formatViolations(violations: readonly Violation[], options: { list: boolean }): string {
  const lines: string[] = [];
  if (options.list) {
    const byFile = groupBy(violations, (v) => v.file);
    for (const [file, found] of byFile) {
      lines.push(`${file} (${found.length})`);
      for (const v of found) lines.push(`  ${v.line}: ${v.message}`);
    }
    const byRule = groupBy(violations, (v) => v.rule);
    if (byRule.size) lines.push('');
    for (const [rule, found] of byRule) lines.push(`${rule}: ${found.length}`);
  } else {
    for (const v of violations) lines.push(`${v.file}:${v.line}: ${v.message}`);
  }
  const files = new Set(violations.map((v) => v.file)).size;
  lines.push(violations.length ? `${violations.length} structure violation(s) in ${files} file(s)` : 'no structure violations found');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkServer(root);
  console.log(formatViolations(violations, { list: process.argv.includes('--list') }));
  process.exit(violations.length ? 1 : 0);
}
