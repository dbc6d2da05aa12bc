import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { providerDefinitions } from './index';

/**
 * Every typed action is called against a simulator: each provider's folder holds a spec that
 * runs its actions through the engine, and every action id appears in one of those specs.
 * A new action without a test fails here.
 */
describe('typed action coverage', () => {
  const withActions = providerDefinitions.filter((provider) => provider.actions.length > 0);

  it.each(withActions.map((provider) => [provider.id, provider] as const))("every %s action is called in its provider's specs", (_id, provider) => {
    const folder = dirname(provider.sourceFile);
    const specs = readdirSync(folder)
      .filter((name) => name.endsWith('.spec.ts'))
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .join('\n');
    const untested = provider.actions.map((action) => action.id).filter((id) => !specs.includes(`'${id}'`));
    expect(untested).toEqual([]);
  });

  it("every database driver action is called in the driver's integration specs against a real database", () => {
    const folder = join(__dirname, '..', 'database');
    const specs = readdirSync(folder)
      .filter((name) => name.endsWith('.int-spec.ts'))
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .join('\n');
    const ids = providerDefinitions.flatMap((provider) => provider.database?.actions.map((action) => action.id) ?? []);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !specs.includes(`'${id}'`))).toEqual([]);
  });

  it('twelve providers or more have at least six typed actions', () => {
    expect(withActions.filter((provider) => provider.actions.length >= 6).length).toBeGreaterThanOrEqual(12);
  });
});
