import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Badge, Button, Code, Group, Modal, Paper, Stack, Switch, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import { formatInput, prettyJson } from '../approval-input';
import { humanError } from '../errors';
import { graphql, type ResultOf } from '../graphql';

const ApprovalFields = graphql(`
  fragment ApprovalFields on Approval @_unmask {
    id
    status
    tool
    toolTitle
    input
    inputSchema
    inputHash
    keyId
    keyName
    onBehalfOf
    reason
    requestedAt
    expiresAt
    decidedAt
    decidedBy
    note
    executedAt
    executionOutcome
  }
`);
const ApprovalsQuery = graphql(
  `
    query Approvals($status: String) {
      approvals(status: $status, first: 50) {
        edges {
          node {
            ...ApprovalFields
          }
        }
      }
    }
  `,
  [ApprovalFields],
);
const Members = graphql(`
  query ApprovalDeciders {
    users(first: 100) {
      edges {
        node {
          id
          email
        }
      }
    }
  }
`);
const ApproveAction = graphql(`
  mutation ApproveAction($id: ID!, $note: String) {
    approveAction(id: $id, note: $note) {
      id
      status
    }
  }
`);
const RejectAction = graphql(`
  mutation RejectAction($id: ID!, $reason: String) {
    rejectAction(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

type Approval = ResultOf<typeof ApprovalFields>;
type Decision = { approval: Approval; kind: 'approve' | 'reject' };

/** New held calls show up without a reload: the list is asked again this often. */
const POLL_MS = 3000;

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/** The approvals inbox: held calls with their exact input, approve or reject with a note, and the decided ones. */
export function Approvals() {
  const [tab, setTab] = useState<string | null>('pending');
  return (
    <Stack>
      <Title order={2}>Approvals</Title>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="pending">Pending</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          {tab === 'pending' && <Pending />}
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          {tab === 'history' && <History />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Re-asks a query every POLL_MS from the network (the cache would hide new items). */
function usePolled(reexecute: (opts: { requestPolicy: 'network-only' }) => void) {
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [reexecute]);
}

function Pending() {
  const [list, reexecute] = useQuery({ query: ApprovalsQuery, variables: { status: 'pending' }, requestPolicy: 'network-only' });
  usePolled(reexecute);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pending = list.data?.approvals.edges.map((e) => e.node) ?? [];
  const error = humanError(list.error);

  return (
    <Stack>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      {pending.length === 0 && list.data && <Text>No calls are waiting for a decision. New ones appear here by themselves.</Text>}
      {pending.map((approval) => (
        <HeldCall key={approval.id} approval={approval} onDecide={(kind) => setDeciding({ approval, kind })} />
      ))}
      {deciding && (
        <DecisionDialog
          decision={deciding}
          onClose={() => setDeciding(null)}
          onDone={(message) => {
            setDeciding(null);
            setDone(message);
            reexecute({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </Stack>
  );
}

function HeldCall({ approval, onDecide }: { approval: Approval; onDecide: (kind: 'approve' | 'reject') => void }) {
  const [raw, setRaw] = useState(false);
  const fields = formatInput(approval.input, approval.inputSchema ?? null);
  const title = approval.toolTitle ?? approval.tool;
  return (
    <Paper withBorder p="md" component="article" aria-label={`Held call ${approval.tool}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Title order={3} size="h4">
              {title} <Code>{approval.tool}</Code>
            </Title>
            <Text size="sm">
              Asked through the key <strong>{approval.keyName}</strong>
              {approval.onBehalfOf && <> on behalf of {approval.onBehalfOf}</>} at {when(approval.requestedAt)}; expires {when(approval.expiresAt)}.
            </Text>
            <Text size="sm">Held by the rule {approval.reason}.</Text>
          </div>
          <Group gap="xs">
            <Button aria-label={`Approve ${approval.tool} from ${approval.keyName}`} onClick={() => onDecide('approve')}>
              Approve
            </Button>
            <Button color="red" variant="outline" aria-label={`Reject ${approval.tool} from ${approval.keyName}`} onClick={() => onDecide('reject')}>
              Reject
            </Button>
          </Group>
        </Group>
        <Switch label="Show raw JSON" checked={raw} onChange={(e) => setRaw(e.currentTarget.checked)} />
        {raw ? (
          <Code block aria-label="Input as JSON">
            {prettyJson(approval.input)}
          </Code>
        ) : (
          <Table aria-label={`Input of ${approval.tool}`} withTableBorder>
            <Table.Tbody>
              {fields.map((field) => (
                <Table.Tr key={field.name}>
                  <Table.Th scope="row" w="30%">
                    {field.label}
                    {field.description && (
                      <Text size="xs" fw="normal">
                        {field.description}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>
                    {field.missing ? <Badge color="orange">not given</Badge> : <Code style={{ whiteSpace: 'pre-wrap' }}>{field.value}</Code>}
                    {field.unexpected && (
                      <Badge color="orange" ml="xs">
                        not in the tool&apos;s schema
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs">The decision holds for exactly this input (SHA-256 {approval.inputHash.slice(0, 16)}…); the agent cannot change it afterwards.</Text>
      </Stack>
    </Paper>
  );
}

function DecisionDialog({ decision, onClose, onDone }: { decision: Decision; onClose: () => void; onDone: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [approved, approve] = useMutation(ApproveAction);
  const [rejected, reject] = useMutation(RejectAction);
  const { approval, kind } = decision;
  const verb = kind === 'approve' ? 'Approve' : 'Reject';
  const error = humanError(kind === 'approve' ? approved.error : rejected.error);
  const busy = approved.fetching || rejected.fetching;

  const confirm = async () => {
    const text = note.trim() || null;
    const result = kind === 'approve' ? await approve({ id: approval.id, note: text }) : await reject({ id: approval.id, reason: text });
    if (!result.error) onDone(`${kind === 'approve' ? 'Approved' : 'Rejected'} ${approval.tool} from ${approval.keyName}.`);
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`${verb} ${approval.toolTitle ?? approval.tool}?`}>
      <Stack>
        <Text size="sm">
          {kind === 'approve'
            ? `The agent behind ${approval.keyName} may then run this exact call once.`
            : `The agent behind ${approval.keyName} is told no, and the key loses any trust it earned for ${approval.tool}.`}
        </Text>
        <Textarea
          label={kind === 'approve' ? 'Note (optional)' : 'Reason (optional)'}
          description="Kept in the audit trail and shown to the requester; at most 2000 characters."
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-autofocus
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={kind === 'approve' ? undefined : 'red'} loading={busy} onClick={() => void confirm()}>
            {verb} the call
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const DECIDED = new Set(['approved', 'rejected', 'expired', 'executing', 'executed']);
const STATUS_COLOR: Record<string, string> = { approved: 'green', executed: 'green', executing: 'blue', rejected: 'red', expired: 'gray' };

function History() {
  const [list, reexecute] = useQuery({ query: ApprovalsQuery, variables: { status: null }, requestPolicy: 'network-only' });
  usePolled(reexecute);
  // Deciders by email where this admin may read the members; the id otherwise.
  const [members] = useQuery({ query: Members });
  const emails = new Map((members.data?.users.edges ?? []).map((e) => [e.node.id, e.node.email]));
  const decided = (list.data?.approvals.edges.map((e) => e.node) ?? []).filter((a) => DECIDED.has(a.status));
  const error = humanError(list.error);

  return (
    <Stack>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {decided.length === 0 && list.data ? (
        <Text>Nothing decided yet.</Text>
      ) : (
        <Table striped aria-label="Decided approvals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tool</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Decided by</Table.Th>
              <Table.Th>Note</Table.Th>
              <Table.Th>Decided at</Table.Th>
              <Table.Th>Execution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {decided.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.tool}</Table.Td>
                <Table.Td>{a.keyName}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[a.status] ?? 'gray'} variant="dot">
                    {a.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{a.decidedBy ? (emails.get(a.decidedBy) ?? a.decidedBy) : '—'}</Table.Td>
                <Table.Td>{a.note ?? '—'}</Table.Td>
                <Table.Td>{when(a.decidedAt)}</Table.Td>
                <Table.Td>{a.executionOutcome ? `${a.executionOutcome} at ${when(a.executedAt)}` : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
