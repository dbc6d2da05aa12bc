import { can } from './permissions';

describe('what the console offers a role', () => {
  it('offers an action the role holds, and not one it lacks', () => {
    expect(can(['read:User', 'create:User'], 'create:User')).toBe(true);
    expect(can(['read:User'], 'delete:User')).toBe(false);
  });

  it('reads manage:<Subject> as every action on that subject only', () => {
    expect(can(['manage:Role'], 'delete:Role')).toBe(true);
    expect(can(['manage:Role'], 'delete:User')).toBe(false);
  });
});
