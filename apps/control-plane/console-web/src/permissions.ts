/**
 * Whether the signed-in role holds a permission (`<action>:<Subject>`), so a page offers only
 * the controls that would work; the server checks every call regardless. A role may hold
 * `manage:<Subject>`, which stands for every action on it.
 */
export function can(permissions: readonly string[], permission: string): boolean {
  const subject = permission.split(':')[1];
  return permissions.includes(permission) || permissions.includes(`manage:${subject}`);
}
