import { useState } from 'react';
import { useQuery } from 'urql';
import { Badge, Select, Stack, Table, Text, Title } from '@mantine/core';
import { graphql } from '../graphql';
import { ErrorAlert, firstError } from '../scaffold';

const KeyTrustQuery = graphql(`
  query KeyTrust($keyId: ID!) {
    keyTrust(keyId: $keyId) {
      tool
      graduated
      graduatedAt
      approvedSuccesses
      lastIncidentAt
      lastIncident
    }
  }
`);

/** Where one key stands on each tool it has asked approval for: acting alone, or how far along. */
export function EarnedTrust({ keys, successesNeeded }: { keys: { id: string; name: string }[]; successesNeeded: number | null }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const keyId = chosen ?? keys[0]?.id ?? null;
  const [trust] = useQuery({ query: KeyTrustQuery, variables: { keyId: keyId ?? '' }, pause: !keyId, requestPolicy: 'network-only' });
  const rows = trust.data?.keyTrust ?? [];
  const name = keys.find((key) => key.id === keyId)?.name ?? '';
  const error = firstError(trust.error);
  if (keys.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Earned trust
      </Title>
      <Select
        label="Key to inspect"
        data={keys.map((key) => ({ value: key.id, label: key.name }))}
        value={keyId}
        onChange={setChosen}
        allowDeselect={false}
        maw={320}
      />
      {error && <ErrorAlert message={error} />}
      {rows.length === 0 && !trust.fetching ? (
        <Text size="sm">{name} has not asked approval for any tool yet.</Text>
      ) : (
        <Table striped aria-label={`Earned trust of ${name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tool</Table.Th>
              <Table.Th>Trust</Table.Th>
              <Table.Th>Approved successes</Table.Th>
              <Table.Th>Last incident</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.tool}>
                <Table.Td>{row.tool}</Table.Td>
                <Table.Td>
                  {row.graduated ? (
                    <Badge variant="dot" color="green">
                      acts alone since {new Date(row.graduatedAt ?? '').toLocaleDateString()}
                    </Badge>
                  ) : (
                    <Badge variant="dot" color="gray">
                      needs approval
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {row.approvedSuccesses === null ? 'graduation off' : `${row.approvedSuccesses}${successesNeeded ? ` of ${successesNeeded}` : ''}`}
                </Table.Td>
                <Table.Td>{row.lastIncidentAt ? `${new Date(row.lastIncidentAt).toLocaleString()}: ${row.lastIncident ?? ''}` : 'none'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
