/**
 * Imports flow one way: collectors → model → rules → maturity → report, with the CLI
 * (src/main.ts, src/cli.ts) as the only composition root and src/providers.ts as the one place
 * that joins each provider's collector and rules. `npm run lint` runs this; a backwards import
 * fails CI. Type-only imports count too: a layer must not even know the shape of a layer above it.
 */
const production = '^(src|collectors|rules|fakecloud)/';
const testOnly = '(^tests/|\\.cases\\.ts$|/case-builders\\.ts$)';

/** `from` may import only what `allowed` matches (plus npm packages and Node built-ins). */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: testOnly },
  to: {
    // npm packages dependency-cruiser cannot resolve (sarif: types only; uuid: a nested `node` export condition) are still packages.
    pathNot: [allowed, '^src/secrets\\.ts$', '^src/read-file\\.ts$', '^node_modules/', '^node:', '^sarif$', '^uuid$'].join('|'),
    dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
  },
});

module.exports = {
  forbidden: [
    layer('model-is-a-leaf', '^src/(model/|errors\\.ts)', '^src/(model/|errors\\.ts)', 'The neutral model knows no layer above it.'),
    layer('collect-plumbing', '^src/collect/', '^src/(model/|errors\\.ts|collect/|log\\.ts)', 'Shared collector plumbing depends only on the model.'),
    layer(
      'collectors-read-only-the-model',
      '^collectors/([^/]+)/',
      '^src/(model/|errors\\.ts|collect/|log\\.ts)|^collectors/$1/',
      "A collector produces the model; it knows neither rules, maturity, reports nor another provider's collector.",
    ),
    layer('engine', '^src/engine/', '^src/(model/|errors\\.ts|engine/|policy/baseline\\.ts)', 'The rule engine knows the model and the baseline only.'),
    layer(
      'provider-rules',
      '^rules/(aws|azure|gcp|[^/]+)/',
      '^src/(model/|errors\\.ts|engine/|policy/baseline\\.ts)|^rules/$1/',
      "A provider's rules read the model through the engine; never a collector, maturity, a report or another provider's rules.",
    ),
    layer('maturity', '^src/maturity/', '^src/(model/|engine/|policy/baseline\\.ts|maturity/)', 'Maturity consumes findings and facts only.'),
    layer('policy', '^src/policy/', '^src/(model/|errors\\.ts|engine/|policy/)', 'The policy file is validated against the model and engine vocabulary.'),
    layer(
      'report',
      '^src/(report|reporters)/',
      '^src/(model/|engine/|maturity/|policy/|report/|reporters/|version\\.ts)',
      'Reports render results; they collect and judge nothing.',
    ),
    layer(
      'iac',
      '^src/iac/',
      '^src/(model/|errors\\.ts|engine/|policy/|report/|iac/)',
      'IaC readers produce the model from files, like collectors do from APIs; then the same engine judges it.',
    ),
    layer(
      'history',
      '^src/history/',
      '^src/(model/|errors\\.ts|engine/|maturity/|policy/|report/|history/|version\\.ts)',
      'Scan history stores and compares finished results; it collects nothing and knows no provider.',
    ),
    layer(
      'scan-pipeline',
      '^src/scan\\.ts$',
      '^src/(model/|errors\\.ts|engine/|maturity/|policy/|report/|collect/|providers\\.ts)',
      'The scan is handed the registry; it imports no provider.',
    ),
    {
      name: 'only-the-composition-root-knows-the-registry',
      severity: 'error',
      from: { path: production, pathNot: `^src/(main|cli|providers|scan)\\.ts$|${testOnly}` },
      to: { path: '^src/providers\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Case tables and builders are test code; they are not built into dist.',
      severity: 'error',
      from: { path: production, pathNot: testOnly },
      to: { path: testOnly },
    },
    {
      name: 'no-circular',
      comment: 'Type-only cycles (a handler interface declared by the server that registers it) are harmless.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
