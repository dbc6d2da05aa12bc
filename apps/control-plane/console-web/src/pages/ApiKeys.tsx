import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Badge, Button, Code, CopyButton, Group, MultiSelect, Paper, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { humanError } from '../errors';
import { graphql } from '../graphql';
import { KeyUsage } from './KeyUsage';

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
          prefix
          scopes
          allowedTools
          expiresAt
          revokedAt
          lastUsedAt
          previousSecretValidUntil
        }
      }
    }
  }
`);
const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
        name
        prefix
      }
    }
  }
`);
const RotateApiKey = graphql(`
  mutation RotateApiKey($id: ID!, $overlapSeconds: Int) {
    rotateApiKey(id: $id, overlapSeconds: $overlapSeconds) {
      secret
      apiKey {
        id
        name
        prefix
      }
    }
  }
`);
const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

/** Permissions a key may carry: only what the admin holds (the server enforces it too). */
const KEY_SCOPES = ['call:Tool', 'read:Tool', 'proxy:Connection', 'read:Event', 'update:Event'];

export function ApiKeys({ permissions }: { permissions: readonly string[] }) {
  const [list, reload] = useQuery({ query: ApiKeysQuery });
  const [revoked, revoke] = useMutation(RevokeApiKey);
  const [rotated, rotate] = useMutation(RotateApiKey);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const keys = list.data?.apiKeys.edges.map((edge) => edge.node) ?? [];
  const error = humanError(list.error) ?? humanError(revoked.error) ?? humanError(rotated.error);
  const refresh = () => reload({ requestPolicy: 'network-only' });

  return (
    <Stack>
      <Title order={2}>API keys</Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {secret && <SecretOnce {...secret} onDone={() => setSecret(null)} />}
      <CreateKeyForm
        scopes={KEY_SCOPES.filter((scope) => permissions.length === 0 || permissions.includes(scope) || permissions.includes('manage:all'))}
        onCreated={(created) => {
          setSecret(created);
          refresh();
        }}
      />
      {keys.length === 0 && !list.fetching ? (
        <Text>No keys yet.</Text>
      ) : (
        <Table striped aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Prefix</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Tools</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>
                  <Code>{k.prefix}</Code>
                </Table.Td>
                <Table.Td>{k.scopes.join(', ')}</Table.Td>
                <Table.Td>{k.allowedTools?.join(', ') ?? 'any'}</Table.Td>
                <Table.Td>{k.expiresAt ? new Date(k.expiresAt).toLocaleString() : 'never'}</Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Badge color="red" variant="dot">
                      revoked
                    </Badge>
                  ) : (
                    <Badge color="green" variant="dot">
                      active
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {!k.revokedAt && (
                    <Group gap="xs">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Rotate ${k.name}`}
                        onClick={async () => {
                          // An hour of overlap: agents holding the old secret keep working while they are updated.
                          const r = await rotate({ id: k.id, overlapSeconds: 3600 });
                          if (r.data) setSecret({ name: r.data.rotateApiKey.apiKey.name, secret: r.data.rotateApiKey.secret });
                          refresh();
                        }}
                      >
                        Rotate
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Revoke ${k.name}`}
                        onClick={async () => {
                          if (!window.confirm(`Revoke ${k.name}? Agents using it are refused within a second.`)) return;
                          await revoke({ id: k.id });
                          refresh();
                        }}
                      >
                        Revoke
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <KeyUsage keys={keys} />
    </Stack>
  );
}

function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <Alert color="yellow" role="status" title={`The secret of ${name}: shown once, store it now`}>
      <Group>
        <Code id="new-key-secret">{secret}</Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button size="xs" onClick={copy}>
              {copied ? 'Copied' : 'Copy secret'}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" onClick={onDone}>
          I stored it
        </Button>
      </Group>
    </Alert>
  );
}

function CreateKeyForm({ scopes, onCreated }: { scopes: string[]; onCreated: (created: { name: string; secret: string }) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(['call:Tool', 'read:Tool'].filter((s) => scopes.includes(s)));
  const [tools, setTools] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [created, create] = useMutation(CreateApiKey);
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Create an API key"
        onSubmit={async (event) => {
          event.preventDefault();
          const r = await create({
            input: {
              name: name.trim(),
              scopes: chosen,
              allowedTools: tools.length > 0 ? tools : null,
              expiresAt: expires ? new Date(expires).toISOString() : null,
            },
          });
          if (r.data) {
            onCreated({ name: r.data.createApiKey.apiKey.name, secret: r.data.createApiKey.secret });
            setName('');
          }
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            Create a key
          </Title>
          <Group grow align="flex-start">
            <TextInput label="Key name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <MultiSelect label="Scopes" data={scopes} value={chosen} onChange={setChosen} />
          </Group>
          <Group grow align="flex-start">
            <TagsInput label="Allowed tools" description="Tool ids or connector.*; empty allows any tool the scopes allow" value={tools} onChange={setTools} />
            <TextInput label="Expires" type="datetime-local" description="Empty: never" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} />
          </Group>
          {created.error && (
            <Alert color="red" role="alert">
              {humanError(created.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit">Create key</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
