import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/*test-support.ts'];

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
    // Tests may use the testing lib (harnesses, simulators); production code may not.
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(['type:testing']) },
  },
];
