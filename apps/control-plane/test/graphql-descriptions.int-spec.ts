import {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type IntrospectionQuery,
} from 'graphql';
import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * GraphiQL's documentation pane is the console developers read: every type, field, argument,
 * input field and enum value of the public API says what it is for. Listing every gap at once
 * makes the failure a to-do list rather than a first hit.
 */
describe('GraphQL schema documentation', () => {
  const cp = new ControlPlaneHarness();
  beforeAll(() => cp.start(), 60_000);
  afterAll(() => cp.stop(), 30_000);

  it('describes every type, field, argument and enum value', async () => {
    const answer = await cp.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true }));
    expect(answer.errors).toBeUndefined();
    const schema = buildClientSchema(answer.data!);
    const undocumented: string[] = [];
    const check = (path: string, description: string | null | undefined) => {
      if (!description?.trim()) undocumented.push(path);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      // Root operation types are containers; their fields carry the documentation.
      if (![schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type as never)) check(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          check(`${type.name}.${field.name}`, field.description);
          for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
