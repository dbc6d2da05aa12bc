import { withMigration } from './migration-index';

describe('adding a generated migration to the index', () => {
  const dataPlaneIndex = [
    "import { IdempotencyKeys1795400000000 } from '@causeway/resilience';",
    "import { Approvals1795400000001 } from './1795400000001-Approvals';",
    '',
    '/** In order of application. */',
    'export const migrations = [IdempotencyKeys1795400000000, Approvals1795400000001];',
    '',
  ].join('\n');

  it("keeps a library's migration and the order, and appends the new one last", () => {
    const written = withMigration(dataPlaneIndex, { className: 'Events1796608942957', module: './1796608942957-Events' });

    expect(written).toContain("import { IdempotencyKeys1795400000000 } from '@causeway/resilience';");
    expect(written).toContain("import { Events1796608942957 } from './1796608942957-Events';");
    expect(written).toContain('export const migrations = [\n  IdempotencyKeys1795400000000,\n  Approvals1795400000001,\n  Events1796608942957,\n];');
    expect(written).toContain('/** In order of application. */');
  });

  it('reads a list already spread over lines', () => {
    const once = withMigration(dataPlaneIndex, { className: 'A2', module: './2-A' });
    const twice = withMigration(once, { className: 'B3', module: './3-B' });

    expect(twice).toContain('export const migrations = [\n  IdempotencyKeys1795400000000,\n  Approvals1795400000001,\n  A2,\n  B3,\n];');
  });

  it('starts an index for the first migration', () => {
    expect(withMigration(undefined, { className: 'Init1', module: './1-Init' })).toContain('export const migrations = [Init1];');
  });

  it('refuses an index it cannot read rather than dropping what it lists', () => {
    expect(() => withMigration('export default [];\n', { className: 'A2', module: './2-A' })).toThrow(/export const migrations/);
  });
});
