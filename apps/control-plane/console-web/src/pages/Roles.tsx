import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Badge, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { graphql } from '../graphql';
import { can } from '../permissions';
import { ErrorAlert, firstError, PageScaffold, useConfirm } from '../scaffold';

const RolesQuery = graphql(`
  query Roles {
    roles {
      id
      name
      builtIn
      permissions
    }
    permissionCatalog {
      subject
      actions
    }
  }
`);
const CreateRole = graphql(`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      id
      name
      permissions
    }
  }
`);
const UpdateRolePermissions = graphql(`
  mutation UpdateRolePermissions($id: ID!, $permissions: [String!]!) {
    updateRolePermissions(id: $id, permissions: $permissions) {
      id
      permissions
    }
  }
`);
const DeleteRole = graphql(`
  mutation DeleteRole($id: ID!) {
    deleteRole(id: $id)
  }
`);

type Catalog = readonly { subject: string; actions: readonly string[] }[];

/** A role's permissions as the matrix's cells: `manage:X` stands for every action on X. */
function expand(permissions: readonly string[], catalog: Catalog): Set<string> {
  const cells = new Set<string>();
  for (const permission of permissions) {
    const [action, subject] = permission.split(':');
    if (action === 'manage') for (const a of catalog.find((c) => c.subject === subject)?.actions ?? []) cells.add(`${a}:${subject}`);
    else cells.add(permission);
  }
  return cells;
}

/** Built-in roles to read, custom roles to create, edit through a permission matrix, and delete. */
export function Roles({ permissions }: { permissions: readonly string[] }) {
  const [roles, reload] = useQuery({ query: RolesQuery });
  const [deleted, remove] = useMutation(DeleteRole);
  const [confirm, dialog] = useConfirm();
  // The role being edited, or 'new' for the create form.
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => reload({ requestPolicy: 'network-only' });
  const catalog = roles.data?.permissionCatalog ?? [];
  const list = roles.data?.roles ?? [];
  const edited = list.find((role) => role.id === editing);

  return (
    <PageScaffold title="Roles" errors={[roles.error, deleted.error]} fetching={roles.fetching}>
      {dialog}
      {editing === null && can(permissions, 'create:Role') && (
        <Group>
          <Button onClick={() => setEditing('new')}>New custom role</Button>
        </Group>
      )}
      {(editing === 'new' || edited) && (
        <RoleEditor
          key={editing}
          catalog={catalog}
          role={edited}
          onDone={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      <Table striped aria-label="Roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((role) => (
            <Table.Tr key={role.id}>
              <Table.Td>
                {role.name} {role.builtIn && <Badge variant="dot">built-in</Badge>}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{role.permissions.join(', ') || 'none'}</Text>
              </Table.Td>
              <Table.Td>
                {!role.builtIn && (
                  <Group gap="xs" wrap="nowrap">
                    {can(permissions, 'update:Role') && (
                      <Button size="xs" variant="default" aria-label={`Edit ${role.name}`} onClick={() => setEditing(role.id)}>
                        Edit
                      </Button>
                    )}
                    {can(permissions, 'delete:Role') && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Delete ${role.name}`}
                        onClick={async () => {
                          const ok = await confirm({
                            title: `Delete the role ${role.name}?`,
                            message: 'A role still held by a member cannot be deleted; give them another role first.',
                            confirmLabel: 'Delete role',
                          });
                          if (!ok) return;
                          await remove({ id: role.id });
                          refresh();
                        }}
                      >
                        Delete
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </PageScaffold>
  );
}

function RoleEditor({ catalog, role, onDone }: { catalog: Catalog; role?: { id: string; name: string; permissions: readonly string[] }; onDone: () => void }) {
  const [name, setName] = useState(role?.name ?? '');
  const [cells, setCells] = useState<Set<string>>(() => expand(role?.permissions ?? [], catalog));
  const [created, create] = useMutation(CreateRole);
  const [updated, update] = useMutation(UpdateRolePermissions);
  const actions = [...new Set(catalog.flatMap((c) => c.actions))];
  const error = firstError(created.error, updated.error);
  const toggle = (cell: string, on: boolean) =>
    setCells((current) => {
      const next = new Set(current);
      if (on) next.add(cell);
      else next.delete(cell);
      return next;
    });

  return (
    <Paper withBorder p="md">
      <form
        aria-label={role ? `Edit the role ${role.name}` : 'Create a custom role'}
        onSubmit={async (event) => {
          event.preventDefault();
          const permissions = [...cells].sort();
          const result = role ? await update({ id: role.id, permissions }) : await create({ input: { name: name.trim(), permissions } });
          if (result.data) onDone();
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            {role ? `Edit ${role.name}` : 'New custom role'}
          </Title>
          {!role && <TextInput label="Role name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />}
          <Table aria-label="Permission matrix" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                {actions.map((action) => (
                  <Table.Th key={action}>{action}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {catalog.map(({ subject, actions: allowed }) => (
                <Table.Tr key={subject}>
                  <Table.Th scope="row">{subject}</Table.Th>
                  {actions.map((action) => {
                    const cell = `${action}:${subject}`;
                    return (
                      <Table.Td key={action}>
                        {allowed.includes(action) && (
                          <Checkbox aria-label={cell} checked={cells.has(cell)} onChange={(e) => toggle(cell, e.currentTarget.checked)} />
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {error && <ErrorAlert message={error} />}
          <Group>
            <Button type="submit">{role ? 'Save permissions' : 'Create role'}</Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
