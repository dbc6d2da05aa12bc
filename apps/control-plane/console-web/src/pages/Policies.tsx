import { createContext, useContext, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { graphql } from '../graphql';
import { can } from '../permissions';
import { EarnedTrust } from './EarnedTrust';
import { approvalPolicyInput, optionalCount, type ApprovalPolicyInputValue, type ApprovalPolicyView } from '../policy-input';
import { PageScaffold, useConfirm } from '../scaffold';

const PoliciesQuery = graphql(`
  query Policies {
    tenantPolicy {
      auditPayloads
      deniedTools
      redactFields
      sharedConnections
      eventRetentionDays
    }
    approvalPolicy {
      customised
      approvalTtlSeconds
      overBudget
      requireApproval {
        sideEffects
        connectors
        tools
        keys
        roles
      }
      graduation {
        successes
        windowDays
      }
      budgets {
        keyId
        tool
        callsPerDay
        costUnitsPerDay
      }
      webhookUrl
      webhookSecretSet
      slack {
        connectionId
        channel
      }
    }
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
          revokedAt
        }
      }
    }
    roles {
      name
    }
  }
`);
const SetTenantPolicy = graphql(`
  mutation SetTenantPolicy($input: TenantPolicyInput!) {
    setTenantPolicy(input: $input) {
      deniedTools
    }
  }
`);
const SetApprovalPolicy = graphql(`
  mutation SetApprovalPolicy($input: ApprovalPolicyInput!) {
    setApprovalPolicy(input: $input) {
      customised
      approvalTtlSeconds
      overBudget
      requireApproval {
        sideEffects
        connectors
        tools
        keys
        roles
      }
      graduation {
        successes
        windowDays
      }
      budgets {
        keyId
        tool
        callsPerDay
        costUnitsPerDay
      }
      webhookUrl
      webhookSecretSet
      slack {
        connectionId
        channel
      }
    }
  }
`);
const SlackConnections = graphql(`
  query SlackConnections {
    connections(first: 100) {
      edges {
        node {
          id
          name
          provider
        }
      }
    }
  }
`);

const SIDE_EFFECTS = ['read', 'write', 'destructive'];
/** True when the role may read the policy but not change it. */
const ReadOnly = createContext(false);

/**
 * Tool access (denied tools), approval rules, budgets and progressive trust. Each part saves on
 * its own, on top of the policy as read (policy-input.ts), so one part's save keeps the others.
 */
export function Policies({ permissions }: { permissions: readonly string[] }) {
  const [policies, reload] = useQuery({ query: PoliciesQuery });
  const [savedApproval, saveApproval] = useMutation(SetApprovalPolicy);
  const [savedAccess, saveAccess] = useMutation(SetTenantPolicy);
  const [saved, setSaved] = useState<string | null>(null);
  // The policy as last saved: the next save builds on it at once, not on a reload still in flight
  // (which would undo the part saved just before).
  const [lastSaved, setLastSaved] = useState<(ApprovalPolicyView & { webhookSecretSet: boolean }) | null>(null);
  const refresh = () => reload({ requestPolicy: 'network-only' });
  const data = policies.data;
  // Read-only for roles without update:Policy: the forms show the policy, their save buttons are off.
  const mayEdit = can(permissions, 'update:Policy');
  const approval = lastSaved ?? data?.approvalPolicy;

  const applyApproval = async (what: string, change: Partial<ApprovalPolicyInputValue>) => {
    if (!approval) return false;
    setSaved(null);
    const result = await saveApproval({ input: approvalPolicyInput(approval, change) });
    if (!result.data) return false;
    setLastSaved(result.data.setApprovalPolicy);
    setSaved(`${what} saved.`);
    return true;
  };
  /** Saves one part of the tenant policy on top of the rest as last loaded: the mutation takes the whole policy. */
  const saveTenantPolicy = async (what: string, change: { deniedTools?: string[]; eventRetentionDays?: number | null }) => {
    if (!data) return;
    setSaved(null);
    const { auditPayloads, redactFields, sharedConnections, deniedTools, eventRetentionDays } = { ...data.tenantPolicy, ...change };
    const result = await saveAccess({
      input: { auditPayloads, redactFields: [...redactFields], sharedConnections, deniedTools: [...deniedTools], eventRetentionDays },
    });
    if (result.data) {
      setSaved(`${what} saved.`);
      refresh();
    }
  };
  const keys = data?.apiKeys.edges.map((edge) => edge.node).filter((key) => !key.revokedAt) ?? [];
  const keyName = (id: string | null) => (id ? (keys.find((key) => key.id === id)?.name ?? id) : 'every key');

  return (
    <PageScaffold title="Policies" errors={[policies.error, savedApproval.error, savedAccess.error]} fetching={policies.fetching}>
      {saved && (
        <Alert color="green" role="status">
          {saved}
        </Alert>
      )}
      {data && approval && (
        <ReadOnly.Provider value={!mayEdit}>
          <ToolAccess
            key={`access-${data.tenantPolicy.deniedTools.join()}`}
            denied={data.tenantPolicy.deniedTools}
            onSave={(deniedTools) => saveTenantPolicy('Tool access', { deniedTools })}
          />
          <EventRetention
            key={`retention-${data.tenantPolicy.eventRetentionDays}`}
            days={data.tenantPolicy.eventRetentionDays ?? null}
            onSave={(eventRetentionDays) => saveTenantPolicy('Event retention', { eventRetentionDays })}
          />
          <ApprovalRules
            key={`rules-${JSON.stringify(approval.requireApproval)}-${approval.approvalTtlSeconds}-${approval.overBudget}`}
            policy={approval}
            keys={keys}
            roles={data.roles.map((role) => role.name)}
            onSave={(change) => applyApproval('Approval rules', change)}
          />
          <Budgets policy={approval} keys={keys} keyName={keyName} onSave={(budgets, what) => applyApproval(what, { budgets })} />
          <Trust
            key={`trust-${JSON.stringify(approval.graduation)}`}
            graduation={approval.graduation ?? null}
            onSave={(graduation) => applyApproval('Progressive trust', { graduation })}
          />
          <Notifications
            key={`notify-${approval.webhookUrl}-${approval.webhookSecretSet}-${JSON.stringify(approval.slack)}`}
            webhookUrl={approval.webhookUrl ?? null}
            secretSet={approval.webhookSecretSet}
            slack={approval.slack ?? null}
            onSave={(change) => applyApproval('Notifications', change)}
          />
          <Paper withBorder p="md">
            <EarnedTrust keys={keys} successesNeeded={approval.graduation?.successes ?? null} />
          </Paper>
        </ReadOnly.Provider>
      )}
    </PageScaffold>
  );
}

function Section({ title, label, onSubmit, children }: { title: string; label: string; onSubmit: () => void; children: ReactNode }) {
  const readOnly = useContext(ReadOnly);
  return (
    <Paper withBorder p="md">
      <form
        aria-label={label}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Fieldset disabled={readOnly} variant="unstyled">
          <Stack>
            <Title order={3} size="h4">
              {title}
            </Title>
            {children}
          </Stack>
        </Fieldset>
      </form>
    </Paper>
  );
}

function ToolAccess({ denied, onSave }: { denied: readonly string[]; onSave: (deniedTools: string[]) => void }) {
  const [tools, setTools] = useState<string[]>([...denied]);
  return (
    <Section title="Tool access" label="Tool access" onSubmit={() => onSave(tools)}>
      <TagsInput
        label="Denied tools"
        description="No agent of the tenant may call these: tool ids (slack.delete_message) or connector.* (salesforce.*). Press Enter after each."
        value={tools}
        onChange={setTools}
      />
      <Group>
        <Button type="submit">Save tool access</Button>
      </Group>
    </Section>
  );
}

function EventRetention({ days, onSave }: { days: number | null; onSave: (days: number | null) => void }) {
  const [value, setValue] = useState<number | string>(days ?? '');
  return (
    <Section title="Event retention" label="Event retention" onSubmit={() => onSave(typeof value === 'number' ? value : null)}>
      <NumberInput
        label="Days to keep provider events"
        description="How long webhooks and polled changes stay readable for replay (SSE resume, MCP, dead-letter replay). Empty: the platform default."
        min={1}
        max={3650}
        allowDecimal={false}
        value={value}
        onChange={setValue}
      />
      <Group>
        <Button type="submit">Save event retention</Button>
      </Group>
    </Section>
  );
}

function ApprovalRules({
  policy,
  keys,
  roles,
  onSave,
}: {
  policy: ApprovalPolicyView;
  keys: { id: string; name: string }[];
  roles: string[];
  onSave: (change: Partial<ApprovalPolicyInputValue>) => Promise<boolean>;
}) {
  const r = policy.requireApproval;
  const [sideEffects, setSideEffects] = useState<string[]>([...r.sideEffects]);
  const [connectors, setConnectors] = useState<string[]>([...r.connectors]);
  const [tools, setTools] = useState<string[]>([...r.tools]);
  const [keyIds, setKeyIds] = useState<string[]>([...r.keys]);
  const [roleNames, setRoleNames] = useState<string[]>([...r.roles]);
  const [ttl, setTtl] = useState<number | string>(policy.approvalTtlSeconds);
  const [overBudget, setOverBudget] = useState<string | null>(policy.overBudget);
  return (
    <Section
      title="Approval rules"
      label="Approval rules"
      onSubmit={() =>
        void onSave({
          requireApproval: { sideEffects, connectors, tools, keys: keyIds, roles: roleNames },
          approvalTtlSeconds: Number(ttl),
          overBudget: overBudget ?? 'approval',
        })
      }
    >
      <Text size="sm">A call waits for a person when it matches any of these lists; all empty turns approvals off.</Text>
      <Group grow align="flex-start">
        <MultiSelect label="Side effects held" data={SIDE_EFFECTS} value={sideEffects} onChange={setSideEffects} />
        <TagsInput label="Connectors held" description="e.g. slack" value={connectors} onChange={setConnectors} />
        <TagsInput label="Tools held" description="e.g. slack.post_message" value={tools} onChange={setTools} />
      </Group>
      <Group grow align="flex-start">
        <MultiSelect label="Keys held" data={keys.map((key) => ({ value: key.id, label: key.name }))} value={keyIds} onChange={setKeyIds} />
        <MultiSelect label="Roles of the key's creator held" data={roles} value={roleNames} onChange={setRoleNames} />
      </Group>
      <Group grow align="flex-start">
        <NumberInput label="Seconds a held call waits" min={60} max={604800} value={ttl} onChange={setTtl} />
        <Select
          label="Past a budget"
          data={[
            { value: 'approval', label: 'hold for approval' },
            { value: 'refuse', label: 'refuse the call' },
          ]}
          value={overBudget}
          onChange={setOverBudget}
          allowDeselect={false}
        />
      </Group>
      <Group>
        <Button type="submit">Save approval rules</Button>
      </Group>
    </Section>
  );
}

function Budgets({
  policy,
  keys,
  keyName,
  onSave,
}: {
  policy: ApprovalPolicyView;
  keys: { id: string; name: string }[];
  keyName: (id: string | null) => string;
  onSave: (budgets: ApprovalPolicyInputValue['budgets'], what: string) => Promise<boolean>;
}) {
  const [keyId, setKeyId] = useState<string | null>(null);
  const [tool, setTool] = useState('');
  const [calls, setCalls] = useState<number | string>('');
  const [cost, setCost] = useState<number | string>('');
  const [confirm, dialog] = useConfirm();
  const budgets = approvalPolicyInput(policy, {}).budgets;
  const invalid = optionalCount(calls) === null && optionalCount(cost) === null;
  return (
    <Section
      title="Budgets"
      label="Add a budget"
      onSubmit={async () => {
        const added = { keyId, tool: tool.trim() || null, callsPerDay: optionalCount(calls), costUnitsPerDay: optionalCount(cost) };
        if (await onSave([...budgets, added], 'Budget')) {
          setKeyId(null);
          setTool('');
          setCalls('');
          setCost('');
        }
      }}
    >
      {dialog}
      <Text size="sm">Daily caps per UTC day; the most specific budget applies (key and tool, then key, then tool, then neither).</Text>
      {budgets.length === 0 ? (
        <Text>No budgets: calls are not counted.</Text>
      ) : (
        <Table striped aria-label="Budgets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Tool</Table.Th>
              <Table.Th>Calls per day</Table.Th>
              <Table.Th>Cost units per day</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {budgets.map((budget, index) => {
              const label = `${keyName(budget.keyId)}, ${budget.tool ?? 'each tool'}`;
              return (
                <Table.Tr key={index}>
                  <Table.Td>{keyName(budget.keyId)}</Table.Td>
                  <Table.Td>{budget.tool ?? 'each tool'}</Table.Td>
                  <Table.Td>{budget.callsPerDay ?? 'no limit'}</Table.Td>
                  <Table.Td>{budget.costUnitsPerDay ?? 'no limit'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Delete the budget for ${label}`}
                      onClick={async () => {
                        const ok = await confirm({
                          title: `Delete the budget for ${label}?`,
                          message: 'Calls it capped are no longer limited by it.',
                          confirmLabel: 'Delete budget',
                        });
                        if (ok)
                          await onSave(
                            budgets.filter((_, i) => i !== index),
                            'Budget deletion',
                          );
                      }}
                    >
                      Delete
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group grow align="flex-end">
        <Select
          label="Budget key"
          placeholder="every key"
          data={keys.map((key) => ({ value: key.id, label: key.name }))}
          value={keyId}
          onChange={setKeyId}
          clearable
        />
        <TextInput label="Budget tool" placeholder="each tool" value={tool} onChange={(e) => setTool(e.currentTarget.value)} />
        <NumberInput
          label="Calls per day"
          placeholder="no limit"
          min={0}
          max={10_000_000}
          allowDecimal={false}
          allowNegative={false}
          value={calls}
          onChange={setCalls}
        />
        <NumberInput
          label="Cost units per day"
          placeholder="no limit"
          min={0}
          max={1_000_000_000}
          allowDecimal={false}
          allowNegative={false}
          value={cost}
          onChange={setCost}
        />
        <Button type="submit" disabled={invalid}>
          Add budget
        </Button>
      </Group>
    </Section>
  );
}

function Notifications({
  webhookUrl,
  secretSet,
  slack,
  onSave,
}: {
  webhookUrl: string | null;
  secretSet: boolean;
  slack: { connectionId: string; channel: string } | null;
  onSave: (change: Partial<ApprovalPolicyInputValue>) => Promise<boolean>;
}) {
  const [url, setUrl] = useState(webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const [connectionId, setConnectionId] = useState<string | null>(slack?.connectionId ?? null);
  const [channel, setChannel] = useState(slack?.channel ?? '');
  // Its own query: a role that may set policies but not read connections still sees the rest of the page.
  const [connections] = useQuery({ query: SlackConnections });
  const slackConnections = (connections.data?.connections.edges ?? []).map((edge) => edge.node).filter((c) => c.provider === 'slack');
  return (
    <Section
      title="Approval notifications"
      label="Approval notifications"
      onSubmit={() =>
        void onSave({
          webhookUrl: url.trim() || null,
          ...(secret ? { webhookSecret: secret } : {}),
          slack: connectionId && channel.trim() ? { connectionId, channel: channel.trim() } : null,
        })
      }
    >
      <Text size="sm">Each new held call is announced here, so approvers need not watch the console. Empty fields turn a notification off.</Text>
      <Group grow align="flex-start">
        <TextInput
          label="Webhook URL"
          description="New approvals are POSTed here, signed"
          placeholder="none"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
        <PasswordInput
          label="Webhook signing secret"
          description={secretSet ? 'A secret is stored; leave empty to keep it' : '32 to 256 characters; required with a URL'}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
        />
      </Group>
      <Group grow align="flex-start">
        <Select
          label="Slack connection"
          placeholder="none"
          data={slackConnections.map((c) => ({ value: c.id, label: c.name }))}
          value={connectionId}
          onChange={setConnectionId}
          clearable
        />
        <TextInput label="Slack channel" placeholder="e.g. C0ENG000001" value={channel} onChange={(e) => setChannel(e.currentTarget.value)} />
      </Group>
      <Group>
        <Button type="submit">Save notifications</Button>
      </Group>
    </Section>
  );
}

function Trust({
  graduation,
  onSave,
}: {
  graduation: { successes: number; windowDays: number } | null;
  onSave: (graduation: { successes: number; windowDays: number } | null) => void;
}) {
  const [on, setOn] = useState(graduation !== null);
  const [successes, setSuccesses] = useState<number | string>(graduation?.successes ?? 5);
  const [windowDays, setWindowDays] = useState<number | string>(graduation?.windowDays ?? 30);
  return (
    <Section
      title="Progressive trust"
      label="Progressive trust"
      onSubmit={() => onSave(on ? { successes: Number(successes), windowDays: Number(windowDays) } : null)}
    >
      <Text size="sm">
        A key that needs approval for a tool is approved automatically for that tool once it has enough approved, successful calls of it; trust is earned per
        key and tool, and a rejection or failure takes it away.
      </Text>
      <Switch label="Keys earn trust" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} />
      {on && (
        <Group grow align="flex-start">
          <NumberInput label="Approved successes needed" min={1} max={1000} value={successes} onChange={setSuccesses} />
          <NumberInput label="Within days, with no incident" min={1} max={365} value={windowDays} onChange={setWindowDays} />
        </Group>
      )}
      <Group>
        <Button type="submit">Save progressive trust</Button>
      </Group>
    </Section>
  );
}
