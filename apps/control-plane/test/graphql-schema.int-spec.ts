import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery, printSchema } from 'graphql';
import { ControlPlaneHarness } from './support/control-plane-harness';

/** The committed SDL of the public GraphQL API; regenerate with UPDATE_GRAPHQL_SCHEMA=1 and review the diff. */
const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

/**
 * The schema is code-first: moving a model between files, renaming a class or changing a
 * decorator can change the public API silently. Pinning the printed schema to a committed file
 * makes every change to it a visible diff in review.
 */
describe('GraphQL schema', () => {
  const cp = new ControlPlaneHarness();
  beforeAll(() => cp.start(), 60_000);
  afterAll(() => cp.stop(), 30_000);

  it('is the committed apps/control-plane/schema.graphql', async () => {
    const answer = await cp.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true }));
    expect(answer.errors).toBeUndefined();
    const printed = `${printSchema(buildClientSchema(answer.data!))}\n`;
    if (process.env.UPDATE_GRAPHQL_SCHEMA === '1') writeFileSync(SCHEMA_FILE, printed);
    expect(printed).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});
