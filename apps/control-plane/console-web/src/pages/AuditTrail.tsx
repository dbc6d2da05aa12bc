import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Alert, Badge, Button, Code, Drawer, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { prettyJson } from '../approval-input';
import { humanError } from '../errors';
import { graphql, type ResultOf, type VariablesOf } from '../graphql';

const AuditEvents = graphql(`
  query AuditEvents($filter: AuditEventFilter, $after: String) {
    auditEvents(filter: $filter, first: 20, after: $after) {
      edges {
        node {
          id
          seq
          occurredAt
          action
          outcome
          actorType
          actorId
          actorLabel
          tool
          connectionId
          correlationId
          workflowRunId
          upstreamStatus
          attempts
          latencyMs
          details
          hash
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const Actors = graphql(`
  query AuditActors {
    users(first: 100) {
      edges {
        node {
          id
          email
        }
      }
    }
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
const VerifyAuditTrail = graphql(`
  query VerifyAuditTrail {
    verifyAuditTrail {
      ok
      checkedCount
      headSeq
      brokenAt
      reason
      checkpointsChecked
      latestCheckpoint {
        seq
        headHash
        createdAt
        keyId
        signature
      }
    }
  }
`);

type AuditEvent = ResultOf<typeof AuditEvents>['auditEvents']['edges'][number]['node'];
type Filter = NonNullable<VariablesOf<typeof AuditEvents>['filter']>;
type Verification = ResultOf<typeof VerifyAuditTrail>['verifyAuditTrail'];

const OUTCOMES = ['success', 'denied', 'throttled', 'failed', 'replayed', 'pending', 'outcome_unknown'];
const OUTCOME_COLOR: Record<string, string> = { success: 'green', denied: 'red', failed: 'red', throttled: 'orange', pending: 'blue' };

interface FilterForm {
  actor: string | null;
  tool: string;
  outcome: string | null;
  from: string;
  to: string;
  workflowRunId: string;
}
const EMPTY: FilterForm = { actor: null, tool: '', outcome: null, from: '', to: '', workflowRunId: '' };

/** The form's values as the API's filter: blanks left out, local times as instants. */
function toFilter(form: FilterForm): Filter {
  const filter: Filter = {};
  if (form.actor) filter.actor = form.actor;
  if (form.tool.trim()) filter.tool = form.tool.trim();
  if (form.outcome) filter.outcome = form.outcome;
  if (form.from) filter.from = new Date(form.from).toISOString();
  if (form.to) filter.to = new Date(form.to).toISOString();
  if (form.workflowRunId.trim()) filter.workflowRunId = form.workflowRunId.trim();
  return filter;
}

/** The tenant's audit trail: search, page, read one event, and verify the hash chain. */
export function AuditTrail() {
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [filter, setFilter] = useState<Filter>({});
  // Cursors of the pages before this one: "Newer" pops, "Older" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [page, reexecute] = useQuery({ query: AuditEvents, variables: { filter, after }, requestPolicy: 'network-only' });
  const [actors] = useQuery({ query: Actors });
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const events = page.data?.auditEvents.edges.map((e) => e.node) ?? [];
  const pageInfo = page.data?.auditEvents.pageInfo;
  const error = humanError(page.error);

  const actorOptions = [
    { group: 'People', items: (actors.data?.users.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.email })) },
    { group: 'API keys', items: (actors.data?.apiKeys.edges ?? []).map((e) => ({ value: e.node.id, label: `key ${e.node.name}` })) },
  ];
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  return (
    <Stack>
      <Title order={2}>Audit trail</Title>
      <VerifyChain />
      <Paper withBorder p="md">
        <form
          aria-label="Filter audit events"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter(toFilter(form));
            setCursors([null]);
          }}
        >
          <Group grow align="flex-end" wrap="wrap">
            <Select
              label="Actor (person or API key)"
              searchable
              clearable
              data={actorOptions}
              value={form.actor}
              onChange={(value) => set('actor', value)}
              nothingFoundMessage="Nobody by that name"
            />
            <TextInput label="Tool" placeholder="slack.delete_message" value={form.tool} onChange={(e) => set('tool', e.currentTarget.value)} />
            <Select label="Outcome" clearable data={OUTCOMES} value={form.outcome} onChange={(value) => set('outcome', value)} />
          </Group>
          <Group grow align="flex-end" wrap="wrap" mt="sm">
            <TextInput label="From" type="datetime-local" value={form.from} onChange={(e) => set('from', e.currentTarget.value)} />
            <TextInput label="Until" type="datetime-local" value={form.to} onChange={(e) => set('to', e.currentTarget.value)} />
            <TextInput label="Workflow run" value={form.workflowRunId} onChange={(e) => set('workflowRunId', e.currentTarget.value)} />
            <Group gap="xs" wrap="nowrap">
              <Button type="submit">Search</Button>
              <Button
                variant="default"
                onClick={() => {
                  setForm(EMPTY);
                  setFilter({});
                  setCursors([null]);
                }}
              >
                Clear
              </Button>
            </Group>
          </Group>
        </form>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {events.length === 0 && page.data ? (
        <Text>No event matches.</Text>
      ) : (
        <Table striped aria-label="Audit events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Seq</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Tool</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Event</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td>{new Date(e.occurredAt).toLocaleString()}</Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>{e.tool ?? '—'}</Table.Td>
                <Table.Td>{e.actorLabel ?? e.actorId}</Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME_COLOR[e.outcome] ?? 'gray'} variant="dot">
                    {e.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" aria-label={`Details of event ${e.seq}`} onClick={() => setOpen(e)}>
                    Details
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button variant="default" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer events
        </Button>
        <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => pageInfo?.endCursor && setCursors((c) => [...c, pageInfo.endCursor])}>
          Older events
        </Button>
        <Button variant="subtle" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Refresh
        </Button>
      </Group>
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        closeButtonProps={{ 'aria-label': 'Close the event' }}
        position="right"
        size="lg"
        title={open ? `Event ${open.seq}: ${open.action}` : ''}
      >
        {open && <EventDetail event={open} />}
      </Drawer>
    </Stack>
  );
}

function EventDetail({ event }: { event: AuditEvent }) {
  const rows: [string, string | number | null | undefined][] = [
    ['Event id', event.id],
    ['Sequence', event.seq],
    ['When', new Date(event.occurredAt).toISOString()],
    ['Action', event.action],
    ['Outcome', event.outcome],
    ['Actor', `${event.actorType} ${event.actorLabel ?? ''} (${event.actorId})`],
    ['Tool', event.tool],
    ['Connection', event.connectionId],
    ['Correlation id', event.correlationId],
    ['Workflow run', event.workflowRunId],
    ['Upstream status', event.upstreamStatus],
    ['Attempts', event.attempts],
    ['Latency (ms)', event.latencyMs],
    ['Chain hash', event.hash],
  ];
  return (
    <Stack>
      <Table aria-label="Event fields">
        <Table.Tbody>
          {rows
            .filter(([, value]) => value !== null && value !== undefined)
            .map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row">{label}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-all' }}>{String(value)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {event.details && (
        <>
          <Title order={3} size="h5">
            Details
          </Title>
          <Code block>{prettyJson(event.details)}</Code>
        </>
      )}
    </Stack>
  );
}

function VerifyChain() {
  const client = useClient();
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    const answer = await client.query(VerifyAuditTrail, {}, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    setError(humanError(answer.error));
    setResult(answer.data?.verifyAuditTrail ?? null);
  };

  return (
    <Paper withBorder p="md">
      <Group justify="space-between">
        <Text size="sm">Recompute the hash chain of every event and check it against the signed checkpoints.</Text>
        <Button onClick={() => void verify()} loading={busy}>
          Verify chain
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" mt="sm">
          {error}
        </Alert>
      )}
      {result && (
        <Alert mt="sm" role="status" color={result.ok ? 'green' : 'red'} title={result.ok ? 'Chain verified' : 'Chain broken'} id="audit-verification">
          {result.ok ? (
            <Text size="sm">
              {result.checkedCount} events verified up to sequence {result.headSeq}; {result.checkpointsChecked ?? 0} signed{' '}
              {result.checkpointsChecked === 1 ? 'checkpoint' : 'checkpoints'} matched.
            </Text>
          ) : (
            <Text size="sm">
              Broken at sequence {result.brokenAt}: {result.reason}
            </Text>
          )}
          {result.latestCheckpoint ? (
            <Table mt="xs" aria-label="Latest signed checkpoint">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">Signed checkpoint</Table.Th>
                  <Table.Td>
                    sequence {result.latestCheckpoint.seq}, {new Date(result.latestCheckpoint.createdAt).toLocaleString()}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">Head hash</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{result.latestCheckpoint.headHash}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">Signing key</Table.Th>
                  <Table.Td>{result.latestCheckpoint.keyId} (Ed25519)</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">Signature</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{result.latestCheckpoint.signature}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm">No signed checkpoint yet: the audit service signs the chain&apos;s head every minute.</Text>
          )}
        </Alert>
      )}
    </Paper>
  );
}
