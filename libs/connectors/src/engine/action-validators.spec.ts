import { catalog } from '../catalog';
import { ActionValidatorCache } from './action-validators';

describe('ActionValidatorCache', () => {
  it('compiles an action\'s schemas once and reuses them', () => {
    const cache = new ActionValidatorCache();
    const action = catalog.findAction('slack.post_message')!.action;
    const first = cache.for(action);
    expect(cache.for(action)).toBe(first);
    expect(cache.for(action).input).toBe(first.input);
  });
});
