import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@causeway/contracts';

const tools = ['slack.post_message', 'jira.create_issue', 'github.list_issues', 'salesforce.query', 'contentful.get_entry'];
const outcomes = ['success', 'success', 'success', 'success', 'denied', 'throttled', 'failed'] as const;

/** A data-plane `tool.call` event of realistic size (about 450 bytes as JSON). */
export function toolCallEvent(tenantId: string, i: number, occurredAt = new Date()): AuditEvent {
  return {
    id: randomUUID(),
    specVersion: 1,
    tenantId,
    occurredAt: occurredAt.toISOString(),
    actor: { type: 'api_key', id: `key-${i % 17}`, label: 'support-agent' },
    action: 'tool.call',
    outcome: outcomes[i % outcomes.length],
    correlationId: randomUUID(),
    tool: tools[i % tools.length],
    connectionId: `conn-${i % 7}`,
    upstreamStatus: 200,
    attempts: 1 + (i % 3 === 0 ? 1 : 0),
    latencyMs: 20 + (i % 180),
    details: { method: 'POST', path: '/api/chat.postMessage', bytes: 812 + (i % 300) },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
