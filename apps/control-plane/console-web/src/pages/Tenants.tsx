import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { graphql } from '../graphql';
import { ErrorAlert, firstError, PageScaffold } from '../scaffold';

const TenantsQuery = graphql(`
  query Tenants {
    tenants(first: 100) {
      edges {
        node {
          id
          slug
          name
          status
          createdAt
        }
      }
    }
  }
`);
const CreateTenant = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      tenant {
        id
        slug
      }
      ownerInvitation {
        email
        link
      }
    }
  }
`);

/** The operator's view: every tenant of the platform, and a new tenant with its first owner invited. */
export function Tenants() {
  const [tenants, reload] = useQuery({ query: TenantsQuery });
  const list = tenants.data?.tenants.edges.map((edge) => edge.node) ?? [];
  return (
    <PageScaffold title="Tenants" errors={[tenants.error]} fetching={tenants.fetching}>
      <CreateTenantForm onCreated={() => reload({ requestPolicy: 'network-only' })} />
      <Table striped aria-label="Tenants">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Slug</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((tenant) => (
            <Table.Tr key={tenant.id}>
              <Table.Td>{tenant.slug}</Table.Td>
              <Table.Td>{tenant.name}</Table.Td>
              <Table.Td>
                <Badge variant="dot" color={tenant.status === 'active' ? 'green' : 'gray'}>
                  {tenant.status}
                </Badge>
              </Table.Td>
              <Table.Td>{new Date(tenant.createdAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </PageScaffold>
  );
}

function CreateTenantForm({ onCreated }: { onCreated: () => void }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [created, create] = useMutation(CreateTenant);
  const [invitation, setInvitation] = useState<{ slug: string; email: string; link: string | null } | null>(null);
  const error = firstError(created.error);
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Create a tenant"
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await create({ input: { slug: slug.trim(), name: name.trim(), adminEmail: adminEmail.trim() } });
          if (result.data) {
            const { tenant, ownerInvitation } = result.data.createTenant;
            setInvitation({ slug: tenant.slug, email: ownerInvitation.email, link: ownerInvitation.link ?? null });
            setSlug('');
            setName('');
            setAdminEmail('');
            onCreated();
          }
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            Create a tenant
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label="Tenant slug"
              description="lowercase letters, digits, inner hyphens"
              required
              value={slug}
              onChange={(e) => setSlug(e.currentTarget.value)}
            />
            <TextInput label="Tenant name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput label="First owner's email" type="email" required value={adminEmail} onChange={(e) => setAdminEmail(e.currentTarget.value)} />
          </Group>
          {error && <ErrorAlert message={error} />}
          {invitation && (
            <Alert color="yellow" role="status" title={`Tenant ${invitation.slug} created`}>
              {invitation.link ? (
                <Group>
                  <Text size="sm">Hand {invitation.email} this single-use owner invitation now; it is not shown again:</Text>
                  <Code id="owner-invitation-link">{invitation.link}</Code>
                  <CopyButton value={invitation.link}>
                    {({ copied, copy }) => (
                      <Button size="xs" onClick={copy}>
                        {copied ? 'Copied' : 'Copy link'}
                      </Button>
                    )}
                  </CopyButton>
                  <Button size="xs" variant="default" onClick={() => setInvitation(null)}>
                    Done
                  </Button>
                </Group>
              ) : (
                <Text size="sm">The owner invitation was sent to {invitation.email}.</Text>
              )}
            </Alert>
          )}
          <Group>
            <Button type="submit">Create tenant</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
