/**
 * Module boundaries, checked by `npm run lint` (`depcruise`). Each rule says which way code may
 * depend; docs/ARCHITECTURE.md ("Rules enforced by tools") explains why.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const SERVER = '^packages/server/src';
const MODULES = `${SERVER}/modules`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two files cannot be understood (or loaded) one without the other: extract what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-stand-alone',
      severity: 'error',
      comment: 'packages/contracts is shared by server and web; it depends on neither.',
      from: { path: '^packages/contracts' },
      to: { path: '^packages/(server|web)' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP with the shapes in packages/contracts, never by importing server code.',
      from: { path: '^packages/web' },
      to: { path: '^packages/server' },
    },
    {
      name: 'platform-not-modules',
      severity: 'error',
      comment: 'platform/ is what every module builds on; it never reaches up into a module (the app passes module services in).',
      from: { path: `${SERVER}/platform/` },
      to: { path: `${MODULES}/` },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'A *.routes.ts file is HTTP wiring: only app.ts registers it; nothing else imports it.',
      from: { pathNot: `${SERVER}/app\\.ts$` },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'no-service-to-other-module-service',
      severity: 'error',
      comment:
        "A module's service does not call another module's service: it uses that module's repository, rules or policy, " +
        'or receives a narrow entry point wired in services.ts (whose type it may import).',
      from: { path: `${MODULES}/([^/]+)/.+\\.service\\.ts$` },
      to: { path: `${MODULES}/[^/]+/.+\\.service\\.ts$`, pathNot: `${MODULES}/$1/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '^bench/results/', '^test-results/', '^playwright-report/'] },
    // Type-only imports are dependencies too: a cycle through types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
