/**
 * Every metric name Causeway exports, in one place, so dashboards, alert rules and the
 * metric-existence test read from the same list. Labels stay bounded: connector, action,
 * outcome, status class, topic — never tenant or user ids.
 */
export const METRIC_NAMES = {
  httpRequestDuration: 'causeway_http_request_duration_seconds',
  outboxBacklog: 'causeway_outbox_backlog',
  outboxPublished: 'causeway_outbox_published_total',
  outboxPublishFailures: 'causeway_outbox_publish_failures_total',
  kafkaProducerErrors: 'causeway_kafka_producer_errors_total',
  consumerMessages: 'causeway_consumer_messages_total',
  auditEventsStored: 'causeway_audit_events_stored_total',
  auditWriteDuration: 'causeway_audit_write_duration_seconds',
  auditDeadLettered: 'causeway_audit_dead_lettered_total',
  auditDuplicatesSkipped: 'causeway_audit_duplicates_skipped_total',
  auditConsumerLag: 'causeway_audit_consumer_lag',
  auditCheckpointsSigned: 'causeway_audit_checkpoints_signed_total',
  auditVerificationFailures: 'causeway_audit_verification_failures_total',
  auditPartitionsCreated: 'causeway_audit_partitions_created_total',
  auditPartitionsDropped: 'causeway_audit_partitions_dropped_total',
  dependencyUp: 'causeway_dependency_up',
  configAge: 'causeway_config_age_seconds',
  dbPoolWaiting: 'causeway_db_pool_waiting',
  credentialsOverMaxAge: 'causeway_credentials_over_max_age',
  tokenRefreshes: 'causeway_token_refresh_total',
  connectorCalls: 'causeway_connector_calls_total',
  connectorUpstreamDuration: 'causeway_connector_upstream_duration_seconds',
  connectorAttempts: 'causeway_connector_attempts',
  rateLimitDecisions: 'causeway_rate_limit_decisions_total',
  breakerState: 'causeway_breaker_state',
  approvalEvents: 'causeway_approval_events_total',
  approvalNotifications: 'causeway_approval_notifications_total',
  eventsWebhooksReceived: 'causeway_events_webhooks_received_total',
  eventDeliveries: 'causeway_event_deliveries_total',
  eventDeliveryLatency: 'causeway_event_delivery_latency_seconds',
  eventDeliveryOldestPending: 'causeway_event_delivery_oldest_pending_seconds',
  eventsPruned: 'causeway_events_pruned_total',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
