import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@causeway/authz';

/**
 * Every resolver and route declares who may reach it. The global guard denies anything that
 * declares nothing, so a forgotten decorator fails closed (and a test lists them).
 */
export const ACCESS_KEY = 'causeway:access';

export type Access =
  | { kind: 'public' }
  | { kind: 'public-or-signed-in' }
  | { kind: 'authenticated' }
  | { kind: 'operator' }
  | { kind: 'permission'; permission: Permission }
  | { kind: 'internal' };

/** Reachable without credentials: sign-in, health, the console page. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
/** Reachable without credentials; a token, when sent, must be valid and names the caller (accepting an invitation). */
export const PublicOrSignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'public-or-signed-in' } satisfies Access);
/** Any signed-in user, whatever their role (e.g. `me`). */
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies Access);
/** Platform operators only (creating tenants). */
export const OperatorOnly = () => SetMetadata(ACCESS_KEY, { kind: 'operator' } satisfies Access);
/** A signed-in user acting in a tenant whose role grants this permission there. */
export const RequirePermission = (permission: Permission) => SetMetadata(ACCESS_KEY, { kind: 'permission', permission } satisfies Access);
/** Other Causeway services, authenticated by the internal service token. */
export const InternalOnly = () => SetMetadata(ACCESS_KEY, { kind: 'internal' } satisfies Access);
