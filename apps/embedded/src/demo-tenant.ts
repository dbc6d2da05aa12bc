import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { serviceFetch } from '@causeway/egress';

const demoFileSchema = z.object({
  tenant: z.object({ id: z.string(), slug: z.literal('demo') }),
  admin: z.object({ email: z.string(), password: z.string() }),
  apiKey: z.object({ id: z.string(), key: z.string(), scopes: z.array(z.string()) }),
  urls: z.object({ console: z.string(), dataPlane: z.string() }),
});

export type DemoTenant = z.infer<typeof demoFileSchema>;

export const DEMO_ADMIN_EMAIL = 'admin@demo.causeway.local';

/** The operator account of the embedded default; its password is generated once. */
export function demoOperatorPassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * Seeds the demo tenant through the control plane's own GraphQL API (the same path an
 * operator takes): tenant `demo`, its owner, and an agent API key. Written to `demo.json` so
 * a newcomer can call the data plane at once; on later starts the file is read back.
 */
export function demoGraphql(controlPlaneUrl: string) {
  return async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const response = await serviceFetch(`${controlPlaneUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`demo seeding failed: ${body.errors?.map((e) => e.message).join('; ')}`);
    return body.data;
  };
}

export async function demoLogin(controlPlaneUrl: string, password: string, tenant: string | null): Promise<string> {
  const gql = demoGraphql(controlPlaneUrl);
  return (
    await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken } }',
      { e: DEMO_ADMIN_EMAIL, p: password, t: tenant },
    )
  ).login.accessToken;
}

/** The demo tenant's id recorded by a previous start, if any. */
export function demoTenantIdIn(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = demoFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.tenant.id : undefined;
}

export async function ensureDemoTenant(options: {
  file: string;
  controlPlaneUrl: string;
  dataPlaneUrl: string;
  password: string;
}): Promise<{ tenant: DemoTenant; created: boolean }> {
  if (existsSync(options.file)) {
    const parsed = demoFileSchema.safeParse(JSON.parse(readFileSync(options.file, 'utf8')));
    if (parsed.success)
      return { tenant: { ...parsed.data, urls: { console: `${options.controlPlaneUrl}/graphql`, dataPlane: options.dataPlaneUrl } }, created: false };
  }
  const gql = demoGraphql(options.controlPlaneUrl);
  const login = async (tenant: string | null) => demoLogin(options.controlPlaneUrl, options.password, tenant);

  const operatorToken = await login(null);
  const created = await gql<{ createTenant: { tenant: { id: string }; ownerInvitation: { link: string } } }>(
    'mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id } ownerInvitation { link } } }',
    { i: { slug: 'demo', name: 'Demo', adminEmail: DEMO_ADMIN_EMAIL } },
    operatorToken,
  );
  // The demo admin is the operator account: it exists, so it accepts its own invitation signed in.
  const invitation = new URLSearchParams(new URL(created.createTenant.ownerInvitation.link).hash.slice(1)).get('invitation');
  const ownerToken = (
    await gql<{ acceptInvitation: { accessToken: string } }>(
      'mutation($t: String!) { acceptInvitation(token: $t) { accessToken } }',
      { t: invitation },
      operatorToken,
    )
  ).acceptInvitation.accessToken;
  const scopes = ['call:Tool', 'read:Tool'];
  const key = await gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    'mutation($s: [String!]!) { createApiKey(input: { name: "demo agent", scopes: $s }) { secret apiKey { id } } }',
    { s: scopes },
    ownerToken,
  );
  const demo: DemoTenant = {
    tenant: { id: created.createTenant.tenant.id, slug: 'demo' },
    admin: { email: DEMO_ADMIN_EMAIL, password: options.password },
    apiKey: { id: key.createApiKey.apiKey.id, key: key.createApiKey.secret, scopes },
    urls: { console: `${options.controlPlaneUrl}/graphql`, dataPlane: options.dataPlaneUrl },
  };
  writeFileSync(options.file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return { tenant: demo, created: true };
}
