import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Code, CopyButton, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { graphql } from '../graphql';
import { can } from '../permissions';
import { ErrorAlert, firstError, PageScaffold, useConfirm } from '../scaffold';

const PeopleQuery = graphql(`
  query People {
    users(first: 100) {
      edges {
        node {
          id
          email
          memberSince
          role {
            name
          }
        }
      }
    }
    invitations {
      id
      email
      role
      expiresAt
    }
    roles {
      id
      name
    }
  }
`);
const ChangeMemberRole = graphql(`
  mutation ChangeMemberRole($userId: ID!, $role: String!) {
    changeMemberRole(userId: $userId, role: $role) {
      id
      role {
        name
      }
    }
  }
`);
const RemoveMember = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);
const AddMember = graphql(`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      id
      email
      role
      link
    }
  }
`);
const RevokeInvitation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id)
  }
`);

/** Members with their roles, and invitations: invite, hand over the link once, revoke. */
export function People({ myId, permissions }: { myId: string | undefined; permissions: readonly string[] }) {
  const [people, reload] = useQuery({ query: PeopleQuery });
  const [changed, changeRole] = useMutation(ChangeMemberRole);
  const [removed, remove] = useMutation(RemoveMember);
  const [revoked, revoke] = useMutation(RevokeInvitation);
  const [confirm, dialog] = useConfirm();
  const refresh = () => reload({ requestPolicy: 'network-only' });
  const members = people.data?.users.edges.map((edge) => edge.node) ?? [];
  const invitations = people.data?.invitations ?? [];
  const roleNames = people.data?.roles.map((role) => role.name) ?? [];
  const mayInvite = can(permissions, 'create:User');
  const mayChangeRoles = can(permissions, 'update:User');
  const mayRemove = can(permissions, 'delete:User');

  return (
    <PageScaffold title="People" errors={[people.error, changed.error, removed.error, revoked.error]} fetching={people.fetching}>
      {dialog}
      {mayInvite && <InviteForm roles={roleNames} onInvited={refresh} />}
      <Title order={3} size="h4">
        Members
      </Title>
      <Table striped aria-label="Members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Member since</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>{new Date(member.memberSince).toLocaleDateString()}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`Role of ${member.email}`}
                  data={roleNames}
                  value={member.role.name}
                  allowDeselect={false}
                  disabled={!mayChangeRoles}
                  onChange={async (role) => {
                    if (!role || role === member.role.name) return;
                    await changeRole({ userId: member.id, role });
                    refresh();
                  }}
                />
              </Table.Td>
              <Table.Td>
                {mayRemove && member.id !== myId && (
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Remove ${member.email}`}
                    onClick={async () => {
                      const ok = await confirm({
                        title: `Remove ${member.email}?`,
                        message: 'They lose access to this tenant at once, and the keys they created stop working.',
                        confirmLabel: 'Remove member',
                      });
                      if (!ok) return;
                      await remove({ userId: member.id });
                      refresh();
                    }}
                  >
                    Remove
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h4">
        Pending invitations
      </Title>
      {invitations.length === 0 ? (
        <Text>No pending invitations.</Text>
      ) : (
        <Table striped aria-label="Pending invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>{invitation.email}</Table.Td>
                <Table.Td>{invitation.role}</Table.Td>
                <Table.Td>{new Date(invitation.expiresAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  {mayRemove && (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Revoke the invitation of ${invitation.email}`}
                      onClick={async () => {
                        const ok = await confirm({
                          title: `Revoke the invitation of ${invitation.email}?`,
                          message: 'The link stops working; invite them again to let them join.',
                          confirmLabel: 'Revoke invitation',
                        });
                        if (!ok) return;
                        await revoke({ id: invitation.id });
                        refresh();
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PageScaffold>
  );
}

function InviteForm({ roles, onInvited }: { roles: string[]; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string | null>('developer');
  const [invited, invite] = useMutation(AddMember);
  // The link exists only in this answer: shown once, like a key's secret.
  const [sent, setSent] = useState<{ email: string; link: string | null } | null>(null);
  const error = firstError(invited.error);
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Invite a person"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!role) return;
          const result = await invite({ input: { email: email.trim(), role } });
          if (result.data) {
            setSent({ email: result.data.addMember.email, link: result.data.addMember.link ?? null });
            setEmail('');
            onInvited();
          }
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            Invite a person
          </Title>
          <Group grow align="flex-end">
            <TextInput label="Email to invite" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <Select label="Role to give" data={roles} value={role} onChange={setRole} allowDeselect={false} />
            <Button type="submit" disabled={!role}>
              Invite
            </Button>
          </Group>
          {error && <ErrorAlert message={error} />}
          {sent && (
            <Alert color="yellow" role="status" title={`Invitation for ${sent.email}`}>
              {sent.link ? (
                <Group>
                  <Text size="sm">Hand this single-use link over now; it is not shown again:</Text>
                  <Code id="invitation-link">{sent.link}</Code>
                  <CopyButton value={sent.link}>
                    {({ copied, copy }) => (
                      <Button size="xs" onClick={copy}>
                        {copied ? 'Copied' : 'Copy link'}
                      </Button>
                    )}
                  </CopyButton>
                  <Button size="xs" variant="default" onClick={() => setSent(null)}>
                    Done
                  </Button>
                </Group>
              ) : (
                <Text size="sm">The invitation was sent to them.</Text>
              )}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
