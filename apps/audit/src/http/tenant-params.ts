import { z } from 'zod';

/** Path parameters of every tenant-scoped route: the same bounds as the event contract's ids. */
export const tenantParams = z.object({ tenantId: z.string().min(1).max(200) });
