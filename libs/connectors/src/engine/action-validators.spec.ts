import { catalog } from '../catalog';
import { ActionValidatorCache } from './action-validators';

describe('ActionValidatorCache', () => {
  it("compiles an action's schemas once and reuses them", () => {
    const cache = new ActionValidatorCache();
    const action = catalog.findAction('slack.post_message')!.action;
    const first = cache.for(action);
    expect(cache.for(action)).toBe(first);
    expect(cache.for(action).input).toBe(first.input);
  });
});

describe('ActionValidatorCache and replaced definitions', () => {
  it('compiles a new copy of a definition with the same $id, as a re-activated tenant version brings', () => {
    const cache = new ActionValidatorCache();
    const action = catalog.findAction('slack.post_message')!.action;
    const withId = (copy: number) => ({
      ...action,
      inputSchema: { ...action.inputSchema, $id: 'https://tenant.example/schemas/input' },
      version: `1.0.${copy}`,
    });
    expect(cache.for(withId(1)).input({ channel: 'C1', text: 'hi' })).toBe(true);
    expect(cache.for(withId(2)).input({ channel: 'C1', text: 'hi' })).toBe(true);
  });
});
