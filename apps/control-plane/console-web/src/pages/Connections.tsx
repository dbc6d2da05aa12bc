import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { humanError } from '../errors';
import { graphql } from '../graphql';

const ConnectionsQuery = graphql(`
  query Connections {
    connections(first: 100) {
      edges {
        node {
          id
          name
          provider
          kind
          authMode
          status
          statusReason
          credentialTooOld
          createdAt
        }
      }
    }
  }
`);
const CreateConnection = graphql(`
  mutation CreateConnection($input: CreateConnectionInputModel!) {
    createConnection(input: $input) {
      id
      name
      status
    }
  }
`);
const StartConnection = graphql(`
  mutation StartConnection($input: StartConnectionInputModel!) {
    startConnection(input: $input) {
      authorizeUrl
    }
  }
`);
const TestConnection = graphql(`
  mutation TestConnection($id: ID!) {
    testConnection(id: $id) {
      ok
      code
      message
      connection {
        id
        status
        statusReason
      }
    }
  }
`);
const DeleteConnection = graphql(`
  mutation DeleteConnection($id: ID!) {
    deleteConnection(id: $id)
  }
`);

const STATUS_COLOR: Record<string, string> = { active: 'green', needs_reauth: 'orange', error: 'red' };

export function Connections() {
  const [list, reload] = useQuery({ query: ConnectionsQuery });
  const [, test] = useMutation(TestConnection);
  const [deleted, remove] = useMutation(DeleteConnection);
  const [started, start] = useMutation(StartConnection);
  const [testResult, setTestResult] = useState<string | null>(null);
  const connections = list.data?.connections.edges.map((edge) => edge.node) ?? [];

  // Out to the provider's consent page; it comes back to /oauth/callback, which returns here.
  const reconnect = async (provider: string, name: string, kind: string, authMode?: string) => {
    const result = await start({ input: { provider, name, kind, authMode } });
    if (result.data) window.location.assign(result.data.startConnection.authorizeUrl);
  };
  const error = humanError(list.error) ?? humanError(deleted.error) ?? humanError(started.error);

  return (
    <Stack>
      <Title order={2}>Connections</Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {testResult && (
        <Alert role="status" color="blue">
          {testResult}
        </Alert>
      )}
      {connections.length === 0 && !list.fetching ? (
        <Text>No connections yet. Connect a provider below.</Text>
      ) : (
        <Table striped aria-label="Connections">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connections.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  {c.provider} ({c.authMode})
                </Table.Td>
                <Table.Td>{c.kind}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[c.status] ?? 'gray'} variant="dot">
                    {c.status}
                  </Badge>
                  {c.statusReason && <Text size="xs">{c.statusReason}</Text>}
                  {c.credentialTooOld && <Text size="xs">credential older than the tenant allows</Text>}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Test ${c.name}`}
                      onClick={async () => {
                        const r = await test({ id: c.id });
                        const outcome = r.data
                          ? r.data.testConnection.ok
                            ? 'works'
                            : (r.data.testConnection.message ?? r.data.testConnection.code ?? 'failed')
                          : humanError(r.error);
                        setTestResult(`${c.name}: ${outcome}`);
                      }}
                    >
                      Test
                    </Button>
                    {c.status === 'needs_reauth' && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Reconnect ${c.name}`}
                        onClick={() => void reconnect(c.provider, c.name, c.kind, c.authMode)}
                      >
                        Reconnect
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Delete ${c.name}`}
                      onClick={async () => {
                        if (!window.confirm(`Delete the connection ${c.name}? Agents using it stop working.`)) return;
                        await remove({ id: c.id });
                        reload({ requestPolicy: 'network-only' });
                      }}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConnectForm onConnected={() => reload({ requestPolicy: 'network-only' })} onOAuth={(provider, name) => void reconnect(provider, name, 'shared')} />
    </Stack>
  );
}

function ConnectForm({ onConnected, onOAuth }: { onConnected: () => void; onOAuth: (provider: string, name: string) => void }) {
  const [provider, setProvider] = useState('');
  const [name, setName] = useState('');
  const [method, setMethod] = useState<string | null>('token');
  const [authMode, setAuthMode] = useState('');
  const [token, setToken] = useState('');
  const [created, create] = useMutation(CreateConnection);
  const [done, setDone] = useState<string | null>(null);

  return (
    <Paper withBorder p="md">
      <form
        aria-label="Connect a provider"
        onSubmit={async (event) => {
          event.preventDefault();
          if (method === 'oauth') return onOAuth(provider.trim(), name.trim());
          const r = await create({ input: { provider: provider.trim(), name: name.trim(), kind: 'shared', authMode: authMode.trim() || null, token } });
          if (r.data) {
            setDone(`Connected ${r.data.createConnection.name} (${r.data.createConnection.status}).`);
            setToken('');
            onConnected();
          }
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            Connect a provider
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label="Provider"
              description="e.g. slack, github, linear"
              required
              value={provider}
              onChange={(e) => setProvider(e.currentTarget.value)}
            />
            <TextInput label="Connection name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select
              label="How to connect"
              value={method}
              onChange={setMethod}
              allowDeselect={false}
              data={[
                { value: 'token', label: 'Paste an API key or token' },
                { value: 'oauth', label: "OAuth (the provider's consent page)" },
              ]}
            />
          </Group>
          {method === 'token' && (
            <Group grow align="flex-start">
              <PasswordInput label="API key or token" required value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" />
              <TextInput
                label="Auth mode"
                description="Optional; the provider's first mode by default"
                value={authMode}
                onChange={(e) => setAuthMode(e.currentTarget.value)}
              />
            </Group>
          )}
          {created.error && (
            <Alert color="red" role="alert">
              {humanError(created.error)}
            </Alert>
          )}
          {done && (
            <Alert color="green" role="status">
              {done}
            </Alert>
          )}
          <Group>
            <Button type="submit">{method === 'oauth' ? 'Continue to the provider' : 'Connect'}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
