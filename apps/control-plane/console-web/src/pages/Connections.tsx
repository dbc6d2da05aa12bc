import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Badge, Button, Group, Paper, PasswordInput, Radio, Select, Stack, Table, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { humanError } from '../errors';
import { graphql, type ResultOf } from '../graphql';

const ConnectionsQuery = graphql(`
  query Connections {
    connections(first: 100) {
      edges {
        node {
          id
          name
          provider
          kind
          externalUserRef
          authMode
          status
          statusReason
          credentialTooOld
          createdAt
          scopes
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

const ProvidersQuery = graphql(`
  query Providers {
    providers {
      id
      name
      description
      authModes {
        id
        label
        connectWith
        credentialFields
        optionalCredentialFields
        needsOAuthApp
        oauthAppConfigured
        params
      }
      params {
        name
        description
        example
      }
      toolScopes
    }
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
  const consent = async (input: OAuthStart) => {
    const result = await start({ input: { ...input, scopes: input.scopes.length ? input.scopes : null } });
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
                <Table.Td>
                  {c.name}
                  {/* Agents name it as `connectionId` when a provider has several connections. */}
                  <Text size="xs">
                    id <span className="connection-id">{c.id}</span>
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.provider} ({c.authMode})
                </Table.Td>
                <Table.Td>{c.kind === 'user' && c.externalUserRef ? `end user ${c.externalUserRef}` : c.kind}</Table.Td>
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
                        onClick={() =>
                          void consent({
                            provider: c.provider,
                            name: c.name,
                            kind: c.kind,
                            externalUserRef: c.externalUserRef ?? null,
                            authMode: c.authMode,
                            scopes: [...c.scopes],
                            params: null,
                            serverOverrides: null,
                          })
                        }
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
      <ConnectForm onConnected={() => reload({ requestPolicy: 'network-only' })} onOAuth={(c) => void consent(c)} />
    </Stack>
  );
}

type Provider = ResultOf<typeof ProvidersQuery>['providers'][number];
type AuthMode = Provider['authModes'][number];

/** Why a mode cannot be used from this form, or null when it can. */
function unavailable(mode: AuthMode): string | null {
  if (mode.connectWith === 'unsupported') return 'Not connectable through the API yet; see the provider docs.';
  if (mode.needsOAuthApp && !mode.oauthAppConfigured) return "Needs this tenant's OAuth app for the provider first (configureOAuthApp in GraphQL).";
  return null;
}

const FIELD_LABELS: Record<string, string> = {
  token: 'API key or token',
  username: 'Username',
  password: 'Password',
  clientId: 'Client id',
  clientSecret: 'Client secret',
  privateKey: 'Private key (PEM)',
  subject: 'User to act as (subject)',
  keyId: 'Key id',
  serviceAccountKey: 'Service account key (JSON)',
};
/** Credential fields pasted as a block of text. */
const TEXT_BLOCKS: Record<string, string> = {
  privateKey: 'Paste the whole PEM, BEGIN and END lines included; it goes to the secret store only.',
  serviceAccountKey: 'Paste the JSON key file as Google Cloud downloaded it; it goes to the secret store only.',
};
/** Credential fields that are not secret: shown as they are typed. */
const PLAIN_FIELDS = new Set(['username', 'clientId', 'subject', 'keyId']);

interface OAuthStart {
  provider: string;
  name: string;
  kind: string;
  externalUserRef: string | null;
  authMode: string;
  scopes: string[];
  params: string | null;
  serverOverrides: string | null;
}

/** The catalog drives the form: the provider, then its auth mode, then what that mode asks for. */
function ConnectForm({ onConnected, onOAuth }: { onConnected: () => void; onOAuth: (input: OAuthStart) => void }) {
  const [catalog] = useQuery({ query: ProvidersQuery });
  const [providerId, setProviderId] = useState<string | null>(null);
  const [modeId, setModeId] = useState<string>('');
  const [name, setName] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [params, setParams] = useState<Record<string, string>>({});
  const [server, setServer] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  // Shared (the tenant's service account) or one end user's, whom agents name in onBehalfOf.
  const [endUser, setEndUser] = useState('');
  const [created, create] = useMutation(CreateConnection);
  const [done, setDone] = useState<string | null>(null);

  const providers = catalog.data?.providers ?? [];
  const provider = providers.find((p) => p.id === providerId) ?? null;
  const mode = provider?.authModes.find((m) => m.id === modeId) ?? null;
  const chooseProvider = (id: string | null) => {
    setProviderId(id);
    setCredentials({});
    setParams({});
    // The first usable mode is the catalog's default.
    const first = providers.find((p) => p.id === id)?.authModes.find((m) => !unavailable(m));
    setModeId(first?.id ?? '');
    // What the catalog's tools need, editable before going to the consent page.
    setScopes(providers.find((p) => p.id === id)?.toolScopes ?? []);
  };
  const serverOverrides = server.trim() ? JSON.stringify({ default: server.trim() }) : null;
  const filledParams = Object.fromEntries(Object.entries(params).filter(([, v]) => v.trim()));
  const paramsJson = Object.keys(filledParams).length ? JSON.stringify(filledParams) : null;
  const owner = endUser.trim() ? { kind: 'user', externalUserRef: endUser.trim() } : { kind: 'shared', externalUserRef: null };
  // The parameters this mode's endpoints name (a Microsoft tenant, a NetSuite account), or, for a
  // pasted credential, every parameter the provider's URLs may use.
  const modeParams = provider?.params.filter((param) => mode?.connectWith !== 'oauth_consent' || mode.params.includes(param.name)) ?? [];
  // An emptied field is not given: an optional one (Google's subject) must not reach the API as ''.
  const credential = (field: string) => credentials[field] || null;

  const submit = async () => {
    if (!provider || !mode) return;
    if (mode.connectWith === 'oauth_consent')
      return onOAuth({ provider: provider.id, name: name.trim(), ...owner, authMode: mode.id, scopes, params: paramsJson, serverOverrides });
    const r = await create({
      input: {
        provider: provider.id,
        name: name.trim(),
        ...owner,
        authMode: mode.id,
        token: credential('token'),
        username: credential('username'),
        password: credential('password'),
        clientId: credential('clientId'),
        clientSecret: credential('clientSecret'),
        privateKey: credential('privateKey'),
        subject: credential('subject'),
        keyId: credential('keyId'),
        serviceAccountKey: credential('serviceAccountKey'),
        params: paramsJson,
        serverOverrides,
      },
    });
    if (r.data) {
      setDone(`Connected ${r.data.createConnection.name} (${r.data.createConnection.status}).`);
      setCredentials({});
      onConnected();
    }
  };

  return (
    <Paper withBorder p="md">
      <form
        aria-label="Connect a provider"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            Connect a provider
          </Title>
          {catalog.error && (
            <Alert color="red" role="alert">
              {humanError(catalog.error)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select
              label="Provider"
              description="Type to search the catalog"
              placeholder="e.g. Slack"
              searchable
              required
              data={providers.map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
              value={providerId}
              onChange={chooseProvider}
              nothingFoundMessage="No provider by that name"
            />
            <TextInput label="Connection name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          </Group>
          {provider && (
            <>
              <Text size="sm">{provider.description}</Text>
              <Radio.Group label="Auth mode" required value={modeId} onChange={setModeId}>
                <Stack gap="xs" mt="xs">
                  {provider.authModes.map((m) => (
                    <Radio
                      key={m.id}
                      value={m.id}
                      label={`${m.label} (${m.connectWith === 'oauth_consent' ? "the provider's consent page" : m.id})`}
                      description={unavailable(m) ?? undefined}
                      disabled={unavailable(m) !== null}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            </>
          )}
          {mode?.connectWith === 'credential_form' && (
            <Group grow align="flex-start">
              {mode.credentialFields.map((field) =>
                field in TEXT_BLOCKS ? (
                  <Textarea
                    key={field}
                    label={FIELD_LABELS[field]}
                    description={TEXT_BLOCKS[field]}
                    required={!mode.optionalCredentialFields.includes(field)}
                    autosize
                    minRows={3}
                    value={credentials[field] ?? ''}
                    onChange={(e) => setCredentials((c) => ({ ...c, [field]: e.currentTarget.value }))}
                    autoComplete="off"
                  />
                ) : PLAIN_FIELDS.has(field) ? (
                  <TextInput
                    key={field}
                    label={FIELD_LABELS[field]}
                    required={!mode.optionalCredentialFields.includes(field)}
                    value={credentials[field] ?? ''}
                    onChange={(e) => setCredentials((c) => ({ ...c, [field]: e.currentTarget.value }))}
                    autoComplete="off"
                  />
                ) : (
                  <PasswordInput
                    key={field}
                    label={FIELD_LABELS[field] ?? field}
                    required={!mode.optionalCredentialFields.includes(field)}
                    value={credentials[field] ?? ''}
                    onChange={(e) => setCredentials((c) => ({ ...c, [field]: e.currentTarget.value }))}
                    autoComplete="off"
                  />
                ),
              )}
            </Group>
          )}
          {mode &&
            modeParams.map((param) => (
              <TextInput
                key={param.name}
                label={param.name}
                description={param.description}
                placeholder={param.example}
                required={mode.connectWith === 'oauth_consent'}
                value={params[param.name] ?? ''}
                onChange={(e) => setParams((p) => ({ ...p, [param.name]: e.currentTarget.value }))}
              />
            ))}
          {mode && (
            <TextInput
              label="End user (optional)"
              description="Empty: a shared connection agents use for the tenant. Or an end user's own connection: the id agents pass as onBehalfOf."
              placeholder="e.g. customer-4711"
              value={endUser}
              onChange={(e) => setEndUser(e.currentTarget.value)}
            />
          )}
          {mode?.connectWith === 'oauth_consent' && (
            <TagsInput
              label="Scopes"
              description="What the consent page asks for: by default what the catalog's tools need. Type a scope and press Enter."
              value={scopes}
              onChange={setScopes}
            />
          )}
          {mode && (
            <TextInput
              label="API server URL (optional)"
              description="Only where the operator allows it, e.g. a bundled simulator of the embedded default; empty: the vendor's own API."
              placeholder="http://127.0.0.1:…/api"
              value={server}
              onChange={(e) => setServer(e.currentTarget.value)}
            />
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
            <Button type="submit" disabled={!mode || unavailable(mode) !== null}>
              {mode?.connectWith === 'oauth_consent' ? 'Continue to the provider' : 'Connect'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
