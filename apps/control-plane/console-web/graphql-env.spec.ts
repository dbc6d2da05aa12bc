import { readFileSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { graphqlEnv, envFile } = require('./graphql-env.js') as { graphqlEnv(): string; envFile: string };

/**
 * The console's operations are typed from src/graphql-env.d.ts; if the pinned SDL changed and it
 * was not regenerated, the console would typecheck against a schema the server no longer has.
 */
describe('console web GraphQL types', () => {
  it('are generated from the current apps/control-plane/schema.graphql (run: node apps/control-plane/console-web/graphql-env.js)', () => {
    expect(readFileSync(envFile, 'utf8')).toBe(graphqlEnv());
  });
});
