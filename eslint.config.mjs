import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/*test-support.ts'];

// Every outbound request goes through libs/egress (architecture §6): the guard for anything a
// tenant or an agent can aim, serviceFetch for the operator's own services. Servers
// (http.createServer) are fine; the request APIs are not. Tests, the testing and simulator
// libs, tools and benchmarks drive HTTP themselves.
const outboundRequestFiles = ['apps/**/*.ts', 'libs/**/*.ts'];
const outboundRequestExceptions = [
  ...testFiles,
  'libs/egress/**',
  'libs/testing/**',
  'libs/simulators/**',
  // Test helpers kept beside the code they exercise (a private OpenBao a test seals).
  '**/testing/**',
  // The engine's default transport for tests and the CLI; services pass the guarded transport.
  'libs/connectors/src/engine/undici-transport.ts',
  // VAULT_ADDR is the operator's, with its own CA; never a tenant's URL.
  'libs/secrets/src/vault/vault-http.ts',
];
const outboundMessage =
  'Outbound requests go through @causeway/egress: EgressGuard.fetch for destinations a tenant or agent can aim, serviceFetch for our own services.';
const nodeHttpRequestApis = ['request', 'get', 'Agent', 'globalAgent'];

const boundaries = (testing) => [
  'error',
  {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', ...testing] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', 'type:testing'] },
      { sourceTag: 'scope:embedded', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', 'type:app'] },
      { sourceTag: 'scope:control-plane', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', ...testing] },
      { sourceTag: 'scope:data-plane', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', ...testing] },
      { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['type:contracts', 'type:lib', ...testing] },
    ],
  },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.infra/**', '.nx/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Boundaries you can see: apps never import apps (the embedded composition root is the
      // one exception), contracts import nothing of ours, testing code never ships in an app.
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `any` needs a comment saying why; the rule makes the reviewer look.
      '@typescript-eslint/no-explicit-any': 'error',
      // Entities list Function types for TypeORM's own signatures.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    files: outboundRequestFiles,
    ignores: outboundRequestExceptions,
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: outboundMessage },
        { name: 'XMLHttpRequest', message: outboundMessage },
        { name: 'WebSocket', message: outboundMessage },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'undici', message: outboundMessage },
            { name: 'axios', message: outboundMessage },
            { name: 'node-fetch', message: outboundMessage },
            ...['node:http', 'http', 'node:https', 'https', 'node:http2', 'http2'].map((name) => ({
              name,
              importNames: name.endsWith('http2') ? ['connect'] : nodeHttpRequestApis,
              message: outboundMessage,
            })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        // `import * as http from 'node:http'` then `http.request(...)` / `globalThis.fetch(...)`.
        {
          selector: 'MemberExpression[object.name=/^(https?|http2)$/][property.name=/^(request|get|Agent|globalAgent|connect)$/]',
          message: outboundMessage,
        },
        { selector: "MemberExpression[object.name='globalThis'][property.name='fetch']", message: outboundMessage },
      ],
    },
  },
  {
    // libs/egress takes the providers' hosts as input: it knows no connector (its tests drive the engine).
    files: ['libs/egress/src/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@causeway/connectors', message: 'libs/egress takes hosts as input; the caller reads them from the catalog.' }] },
      ],
    },
  },
  {
    // Tests may use the testing lib (harnesses, simulators); production code may not.
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(['type:testing']) },
  },
];
