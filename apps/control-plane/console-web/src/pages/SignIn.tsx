import { useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { humanError } from '../errors';
import { graphql } from '../graphql';
import type { SessionTokens } from '../session';

const Login = graphql(`
  mutation Login($email: String!, $password: String!, $tenant: String) {
    login(email: $email, password: $password, tenant: $tenant) {
      accessToken
      accessTokenExpiresAt
      refreshToken
    }
  }
`);

export function SignIn({ onSignedIn }: { onSignedIn: (tokens: SessionTokens) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [result, login] = useMutation(Login);
  const slug = tenant.trim();

  return (
    <Center mih="100vh" p="md">
      <Paper component="main" withBorder p="xl" w={380} maw="100%">
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const answer = await login({ email, password, tenant: slug || null });
            if (answer.data) onSignedIn(answer.data.login);
          }}
        >
          <Stack>
            <Title order={1} size="h3">
              Sign in to Causeway
            </Title>
            <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            <TextInput label="Tenant" description="Slug; leave empty for your first tenant" value={tenant} onChange={(e) => setTenant(e.currentTarget.value)} />
            {result.error && (
              <Alert color="red" role="alert">
                {humanError(result.error)}
              </Alert>
            )}
            <Button type="submit" loading={result.fetching}>
              Sign in
            </Button>
            {slug && (
              // The tenant's OIDC provider, if it has one; the control plane answers for a tenant without one.
              <Button component="a" variant="default" href={`/auth/oidc/${encodeURIComponent(slug)}/start?redirect=/`}>
                Sign in with {slug}'s identity provider
              </Button>
            )}
            <Text size="xs" c="dimmed">
              Developers: <Anchor href="/graphql">GraphQL console</Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
