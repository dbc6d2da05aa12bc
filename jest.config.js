// One Jest run covers every tier so the summary line counts every test:
//   unit         *.spec.ts beside the code, fakes allowed, no infrastructure
//   integration  *.int-spec.ts against real Postgres, Kafka and the OAuth server
//   e2e          test/e2e/*.e2e-spec.ts, services started as separate processes
//   security     test/security/*.security-spec.ts, the standing checks of docs/security.md
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@causeway/(audit|control-plane|data-plane)$': '<rootDir>/apps/$1/src/index.ts',
    '^@causeway/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  setupFiles: ['<rootDir>/tools/jest/setup-env.js'],
};

module.exports = {
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/tools/jest/global-setup.ts',
      globalTeardown: '<rootDir>/tools/jest/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tools/jest/global-setup.ts',
      globalTeardown: '<rootDir>/tools/jest/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'security',
      testMatch: ['<rootDir>/test/security/**/*.security-spec.ts'],
      globalSetup: '<rootDir>/tools/jest/global-setup.ts',
      globalTeardown: '<rootDir>/tools/jest/global-teardown.ts',
    },
  ],
};
