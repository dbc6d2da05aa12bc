import Ajv2020 from 'ajv/dist/2020';
import { catalog, toToolDescriptor } from '@causeway/connectors';
import { portableSchema } from './portable-schema';

const hasTypeUnion = (schema: unknown): boolean =>
  typeof schema === 'object' &&
  schema !== null &&
  (Object.entries(schema).some(([key, value]) => key === 'type' && Array.isArray(value)) || Object.values(schema).some(hasTypeUnion));

describe('portableSchema (what MCP publishes instead of type unions)', () => {
  it('turns a nullable type into anyOf with a null branch, keeping the annotations outside', () => {
    expect(portableSchema({ type: ['string', 'null'], description: 'the body', minLength: 1 })).toEqual({
      description: 'the body',
      anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }],
    });
  });

  it('rewrites nested schemas in properties, items and combinators, and leaves single types alone', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'array', items: { type: ['integer', 'null'] } }, b: { anyOf: [{ type: ['number', 'string', 'null'] }] }, c: { type: 'string' } },
    };
    expect(portableSchema(schema)).toEqual({
      type: 'object',
      properties: {
        a: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'null' }] } },
        b: { anyOf: [{ anyOf: [{ type: ['number', 'string'] }, { type: 'null' }] }] },
        c: { type: 'string' },
      },
    });
  });

  it('accepts exactly the values the original schema accepts', () => {
    const ajv = new Ajv2020({ strict: false });
    const original = { type: 'object', properties: { body: { type: ['string', 'null'], maxLength: 3 } }, required: ['body'] };
    const [before, after] = [ajv.compile(original), ajv.compile(portableSchema(original))];
    for (const value of [{ body: 'abc' }, { body: null }, { body: 'abcd' }, { body: 1 }, {}]) expect(after(value)).toBe(before(value));
  });

  it('leaves no type union in any tool the catalog publishes', () => {
    const descriptors = catalog.listActions().map(({ action }) => toToolDescriptor(action));
    expect(descriptors.some((d) => hasTypeUnion(d.outputSchema))).toBe(true);
    for (const d of descriptors) {
      expect(hasTypeUnion(portableSchema(d.outputSchema))).toBe(false);
      expect(hasTypeUnion(portableSchema(d.inputSchema))).toBe(false);
    }
  });
});
