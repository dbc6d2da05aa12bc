import { useState } from 'react';
import { useQuery } from 'urql';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title, useComputedColorScheme } from '@mantine/core';
import { graphql } from '../graphql';
import { ErrorAlert, firstError } from '../scaffold';

// Only the pieces the bar charts draw with: chart.js tree-shakes the rest out of the bundle.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const ApiKeyUsageQuery = graphql(`
  query ApiKeyUsage($keyId: ID!, $days: Int) {
    apiKeyUsage(keyId: $keyId, days: $days) {
      day
      calls
      errors
      refused
      costUnits
    }
  }
`);

const WINDOWS = [
  { value: '7', label: 'last 7 days' },
  { value: '14', label: 'last 14 days' },
  { value: '30', label: 'last 30 days' },
  { value: '90', label: 'last 90 days' },
];

/**
 * One key's calls, errors and cost units per UTC day as bar charts, each with the same numbers
 * as a table: a canvas says nothing to a screen reader, and the table is what it reads.
 */
export function KeyUsage({ keys }: { keys: { id: string; name: string }[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [days, setDays] = useState('14');
  const keyId = chosen ?? keys[0]?.id ?? null;
  const [usage] = useQuery({ query: ApiKeyUsageQuery, variables: { keyId: keyId ?? '', days: Number(days) }, pause: !keyId });
  const rows = usage.data?.apiKeyUsage ?? [];
  const name = keys.find((key) => key.id === keyId)?.name ?? '';
  const error = firstError(usage.error);
  const labels = rows.map((row) => row.day.slice(5));
  // chart.js draws on a canvas, outside the theme's CSS: give it the scheme's ink and grid.
  const dark = useComputedColorScheme('light') === 'dark';
  const ink = dark ? '#c9c9c9' : '#495057';
  const grid = dark ? 'rgba(255, 255, 255, 0.12)' : 'rgba(0, 0, 0, 0.1)';
  const options = {
    responsive: true,
    animation: false as const,
    plugins: { legend: { labels: { color: ink } } },
    scales: { x: { ticks: { color: ink }, grid: { color: grid } }, y: { beginAtZero: true, ticks: { precision: 0, color: ink }, grid: { color: grid } } },
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="usage-title">
      <Stack>
        <Title order={3} size="h4" id="usage-title">
          Usage per day
        </Title>
        {keys.length === 0 ? (
          <Text>Create a key to see its usage.</Text>
        ) : (
          <>
            <Group>
              <Select
                label="Key to chart"
                data={keys.map((key) => ({ value: key.id, label: key.name }))}
                value={keyId}
                onChange={setChosen}
                allowDeselect={false}
              />
              <Select label="Period" data={WINDOWS} value={days} onChange={(value) => setDays(value ?? '14')} allowDeselect={false} />
            </Group>
            {error && <ErrorAlert message={error} />}
            {rows.length > 0 && (
              <>
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <div>
                    <Bar
                      role="img"
                      aria-label={`Calls and errors per day of ${name}; the table below has the numbers`}
                      data={{
                        labels,
                        datasets: [
                          { label: 'Calls', data: rows.map((row) => row.calls), backgroundColor: '#1c7ed6' },
                          { label: 'Errors', data: rows.map((row) => row.errors), backgroundColor: '#e03131' },
                          { label: 'Refused', data: rows.map((row) => row.refused), backgroundColor: '#f08c00' },
                        ],
                      }}
                      options={options}
                    />
                  </div>
                  <div>
                    <Bar
                      role="img"
                      aria-label={`Cost units per day of ${name}; the table below has the numbers`}
                      data={{ labels, datasets: [{ label: 'Cost units', data: rows.map((row) => row.costUnits), backgroundColor: '#2f9e44' }] }}
                      options={options}
                    />
                  </div>
                </SimpleGrid>
                <Table striped aria-label={`Usage of ${name} per day`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Day (UTC)</Table.Th>
                      <Table.Th>Calls</Table.Th>
                      <Table.Th>Errors</Table.Th>
                      <Table.Th>Refused</Table.Th>
                      <Table.Th>Cost units</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((row) => (
                      <Table.Tr key={row.day}>
                        <Table.Td>{row.day}</Table.Td>
                        <Table.Td>{row.calls}</Table.Td>
                        <Table.Td>{row.errors}</Table.Td>
                        <Table.Td>{row.refused}</Table.Td>
                        <Table.Td>{row.costUnits}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
