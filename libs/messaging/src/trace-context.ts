import {
  extractTraceContext,
  failSpan,
  injectTraceContext,
  SpanKind,
  startSpan,
  tracingEnabled,
  withSpan,
  type Context,
  type Span,
} from '@causeway/observability';
import type { BusMessage, ReceivedMessage } from './event-bus';

/**
 * Records the active trace context in a message's headers when it is handed over (to the spool,
 * which sends it later from its own loop), so the producer span joins the call that made the
 * event rather than starting a trace of its own. A message that already carries one keeps it.
 */
export function withTraceContext(message: BusMessage): BusMessage {
  if (!tracingEnabled() || message.headers?.traceparent) return message;
  const headers = injectTraceContext({ ...message.headers });
  return headers.traceparent ? { ...message, headers } : message;
}

/**
 * Sends `messages` under one producer span each (a child of the context the message carries,
 * else of the active one) and puts the producer span's `traceparent` in the Kafka headers, which
 * the consumer extracts. Attributes: the system and topic; never the key or the value.
 */
export async function sendTraced(messages: BusMessage[], send: (messages: BusMessage[]) => Promise<void>): Promise<void> {
  if (!tracingEnabled()) return send(messages);
  const spans: Span[] = [];
  const traced = messages.map((message) => {
    const parent = message.headers?.traceparent ? extractTraceContext(message.headers) : undefined;
    const span = startSpan('messaging', `${message.topic} publish`, {
      kind: SpanKind.PRODUCER,
      parent,
      attributes: messagingAttributes(message.topic, 'send'),
    });
    spans.push(span);
    const headers = withSpan(span, () => injectTraceContext({ ...message.headers }));
    return { ...message, headers };
  });
  try {
    await send(traced);
  } catch (error) {
    for (const span of spans) failSpan(span, error);
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/**
 * A consumer span for one received message, a child of the producer span named in its headers.
 * The caller runs the message's work under it (`withSpan`) and ends it.
 */
export function startConsumerSpan(component: string, message: ReceivedMessage, name = `${message.topic} process`): Span | undefined {
  if (!tracingEnabled()) return undefined;
  const parent: Context = extractTraceContext(message.headers);
  return startSpan(component, name, { kind: SpanKind.CONSUMER, parent, attributes: messagingAttributes(message.topic, 'process') });
}

function messagingAttributes(topic: string, operation: 'send' | 'process') {
  return { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': operation } as const;
}
