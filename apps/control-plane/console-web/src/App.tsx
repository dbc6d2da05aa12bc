import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider, useMutation, useQuery } from 'urql';
import { ActionIcon, Alert, AppShell, Badge, Button, Group, NavLink, Text, TextInput, Title, useMantineColorScheme } from '@mantine/core';
import { createClient } from './client';
import { humanError } from './errors';
import { graphql } from './graphql';
import { refreshDelay, storedSession, storeSession, type SessionTokens } from './session';
import { SignIn } from './pages/SignIn';
import { Connections } from './pages/Connections';
import { ApiKeys } from './pages/ApiKeys';
import { Approvals } from './pages/Approvals';
import { AuditTrail } from './pages/AuditTrail';
import { People } from './pages/People';
import { Roles } from './pages/Roles';
import { Policies } from './pages/Policies';
import { Tenants } from './pages/Tenants';

const RefreshSession = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      accessTokenExpiresAt
      refreshToken
    }
  }
`);
const Logout = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);
const SwitchTenant = graphql(`
  mutation SwitchTenant($tenant: String!) {
    switchTenant(tenant: $tenant) {
      accessToken
      accessTokenExpiresAt
      refreshToken
    }
  }
`);
const Me = graphql(`
  query Me {
    me {
      id
      email
      role
      isOperator
      permissions
      tenant {
        id
        slug
        name
      }
    }
  }
`);

const PAGES = {
  connections: 'Connections',
  keys: 'API keys',
  approvals: 'Approvals',
  audit: 'Audit trail',
  people: 'People',
  roles: 'Roles',
  policies: 'Policies',
  tenants: 'Tenants',
} as const;
/** Pages only platform operators see. */
const OPERATOR_PAGES: readonly Page[] = ['tenants'];
type Page = keyof typeof PAGES;

export function App() {
  const client = useMemo(createClient, []);
  const [session, setSession] = useState<SessionTokens | null>(storedSession);
  // A new session (sign-in, switch) remounts the signed-in tree, so no other tenant's data lingers in a cache.
  const [generation, setGeneration] = useState(0);
  const onSession = useCallback((tokens: SessionTokens | null) => {
    storeSession(tokens);
    setSession(tokens);
    setGeneration((n) => n + 1);
  }, []);

  // A refresh keeps the same user and tenant: new tokens, no remount.
  const onRefreshed = useCallback((tokens: SessionTokens) => {
    storeSession(tokens);
    setSession(tokens);
  }, []);

  return (
    <Provider value={client}>
      {session ? <SignedIn key={generation} session={session} onSession={onSession} onRefreshed={onRefreshed} /> : <SignIn onSignedIn={onSession} />}
    </Provider>
  );
}

interface SignedInProps {
  session: SessionTokens;
  onSession: (tokens: SessionTokens | null) => void;
  onRefreshed: (tokens: SessionTokens) => void;
}

function SignedIn({ session, onSession, onRefreshed }: SignedInProps) {
  const [page, setPage] = useState<Page>('connections');
  const [me] = useQuery({ query: Me });
  const [, refresh] = useMutation(RefreshSession);
  const [, logout] = useMutation(Logout);
  const [switched, switchTenant] = useMutation(SwitchTenant);
  const [tenantSlug, setTenantSlug] = useState('');
  const { toggleColorScheme, colorScheme } = useMantineColorScheme();

  // Refresh before the access token expires; a refused refresh (revoked, reused) signs out.
  useEffect(() => {
    if (!session.refreshToken) return;
    const timer = setTimeout(async () => {
      const result = await refresh({ refreshToken: session.refreshToken });
      // The next refresh is scheduled from the new tokens (this effect runs again).
      if (result.data) onRefreshed(result.data.refreshSession);
      else onSession(null);
    }, refreshDelay(session));
    return () => clearTimeout(timer);
  }, [session, refresh, onSession, onRefreshed]);

  const signOut = async () => {
    const current = storedSession();
    if (current?.refreshToken) await logout({ refreshToken: current.refreshToken });
    onSession(null);
  };
  const doSwitch = async () => {
    const result = await switchTenant({ tenant: tenantSlug.trim() });
    if (result.data) onSession(result.data.switchTenant);
  };

  const meError = humanError(me.error);
  const user = me.data?.me;
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 200, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={1} size="h4">
            Causeway
          </Title>
          <Group gap="xs" wrap="nowrap">
            {user && (
              <Text size="sm" id="signed-in-as">
                {user.email} in {user.tenant?.slug ?? '—'} <Badge variant="dot">{user.role ?? 'operator'}</Badge>
              </Text>
            )}
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void doSwitch();
              }}
            >
              <Group gap={4} wrap="nowrap">
                <TextInput
                  size="xs"
                  aria-label="Tenant to switch to"
                  placeholder="tenant slug"
                  value={tenantSlug}
                  onChange={(e) => setTenantSlug(e.currentTarget.value)}
                />
                <Button size="xs" type="submit" variant="default" disabled={!tenantSlug.trim()}>
                  Switch tenant
                </Button>
              </Group>
            </form>
            <ActionIcon variant="default" aria-label={`Use ${colorScheme === 'dark' ? 'light' : 'dark'} colours`} onClick={toggleColorScheme}>
              {colorScheme === 'dark' ? '☀' : '☾'}
            </ActionIcon>
            <Button size="xs" variant="default" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Console sections">
        {(Object.keys(PAGES) as Page[])
          .filter((key) => user?.isOperator || !OPERATOR_PAGES.includes(key))
          .map((key) => (
            <NavLink
              key={key}
              component="button"
              label={PAGES[key]}
              active={page === key}
              aria-current={page === key ? 'page' : undefined}
              onClick={() => setPage(key)}
            />
          ))}
        <NavLink component="a" href="/graphql" label="GraphQL (developers)" />
      </AppShell.Navbar>
      <AppShell.Main>
        {switched.error && (
          <Alert color="red" role="alert" mb="md">
            {humanError(switched.error)}
          </Alert>
        )}
        {meError && (
          <Alert color="red" role="alert" mb="md">
            {meError}
          </Alert>
        )}
        {page === 'connections' && <Connections />}
        {page === 'keys' && <ApiKeys permissions={user?.permissions ?? []} />}
        {page === 'approvals' && <Approvals />}
        {page === 'audit' && <AuditTrail />}
        {page === 'people' && <People myId={user?.id} permissions={user?.permissions ?? []} />}
        {page === 'roles' && <Roles permissions={user?.permissions ?? []} />}
        {page === 'policies' && <Policies permissions={user?.permissions ?? []} />}
        {page === 'tenants' && user?.isOperator && <Tenants />}
      </AppShell.Main>
    </AppShell>
  );
}
