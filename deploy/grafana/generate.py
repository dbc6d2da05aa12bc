#!/usr/bin/env python3
"""Writes Causeway's Grafana dashboards (deploy/grafana/*.json) from the definitions below.

The JSON files are committed so they can be imported as they are (Grafana UI, provisioning,
or a ConfigMap for the Grafana sidecar); this script is their source. Change a panel here,
run `python3 deploy/grafana/generate.py`, commit both. `--check` (run by
tools/scripts/lint-deploy.sh) fails when a JSON file differs from what the script writes.

Every query uses the metric names listed in deploy/metrics-used.txt, a `${datasource}`
Prometheus variable and a `$namespace` filter (".*" matches series without a namespace
label too, outside Kubernetes). Standard library only.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DS = {"type": "prometheus", "uid": "${datasource}"}
NS = 'namespace=~"$namespace"'
PROBES = 'route!~"/(healthz|readyz|metrics)"'


def target(expr, legend="", ref="A", instant=False):
    t = {"datasource": DS, "expr": expr, "legendFormat": legend or "__auto", "refId": ref}
    if instant:
        t["instant"] = True
        t["range"] = False
    return t


def timeseries(title, targets, unit="short", description="", stack=False, min_zero=True, width=12, mappings=None, max_value=None):
    defaults = {
        "unit": unit,
        "custom": {
            "drawStyle": "line",
            "lineWidth": 1,
            "fillOpacity": 10,
            "showPoints": "never",
            "spanNulls": False,
            "stacking": {"mode": "normal" if stack else "none", "group": "A"},
        },
    }
    if min_zero:
        defaults["min"] = 0
    if max_value is not None:
        defaults["max"] = max_value
    if mappings:
        defaults["mappings"] = mappings
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DS,
        "targets": [target(*t) if isinstance(t, tuple) else t for t in targets],
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
        "_width": width,
    }


def stat(title, expr, unit="short", description="", thresholds=None, width=6, mappings=None):
    steps = [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in (thresholds or [])]
    defaults = {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}}
    if mappings:
        defaults["mappings"] = mappings
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": DS,
        "targets": [target(expr, instant=True)],
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "auto",
        },
        "_width": width,
        "_height": 4,
    }


def state_timeline(title, expr, legend, mappings, description=""):
    return {
        "type": "state-timeline",
        "title": title,
        "description": description,
        "datasource": DS,
        "targets": [target(expr, legend)],
        "fieldConfig": {"defaults": {"mappings": mappings, "custom": {"fillOpacity": 80}}, "overrides": []},
        "options": {"showValue": "never", "mergeValues": True, "legend": {"displayMode": "list", "placement": "bottom"}},
        "_width": 24,
    }


def value_map(pairs):
    return [{"type": "value", "options": {str(v): {"text": text, "color": color, "index": i} for i, (v, text, color) in enumerate(pairs)}}]


UP_DOWN = value_map([(0, "down", "red"), (1, "up", "green")])
BREAKER = value_map([(0, "closed", "green"), (1, "half-open", "orange"), (2, "open", "red")])


# ---------- shared rows ----------

def http_rows(service, title="HTTP (rate, errors, duration)"):
    sel = f'service="{service}", {NS}, {PROBES}'
    return (title, [
        timeseries("Requests by route", [
            (f"sum by (route) (rate(causeway_http_request_duration_seconds_count{{{sel}}}[$__rate_interval]))", "{{route}}"),
        ], unit="reqps", description="Probes and /metrics excluded.", stack=True, width=8),
        timeseries("Errors by status class", [
            (f'sum by (status_class) (rate(causeway_http_request_duration_seconds_count{{{sel}, status_class=~"4xx|5xx"}}[$__rate_interval]))', "{{status_class}}"),
        ], unit="reqps", description="4xx are callers' mistakes (or refused calls); 5xx are ours or upstreams'.", width=8),
        timeseries("Duration p50 / p95 / p99", [
            (f"histogram_quantile(0.5, sum by (le) (rate(causeway_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "p50", "A"),
            (f"histogram_quantile(0.95, sum by (le) (rate(causeway_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "p95", "B"),
            (f"histogram_quantile(0.99, sum by (le) (rate(causeway_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "p99", "C"),
        ], unit="s", width=8),
        timeseries("5xx ratio by route", [
            (f'sum by (route) (rate(causeway_http_request_duration_seconds_count{{{sel}, status_class="5xx"}}[$__rate_interval])) / sum by (route) (rate(causeway_http_request_duration_seconds_count{{{sel}}}[$__rate_interval]))', "{{route}}"),
        ], unit="percentunit", description="The High5xxRate alert fires above 5% for the whole service.", width=12, max_value=1),
        timeseries("p99 duration by route", [
            (f"histogram_quantile(0.99, sum by (le, route) (rate(causeway_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "{{route}}"),
        ], unit="s", width=12),
    ])


def dependency_row(service, extra=()):
    sel = f'service="{service}", {NS}'
    return ("Dependencies", [
        timeseries("Readiness by dependency (min over replicas)", [
            (f"min by (dependency) (causeway_dependency_up{{{sel}}})", "{{dependency}}"),
        ], description="1 = every replica's last readiness check of the dependency passed. ServiceNotReady fires on 0.",
            mappings=UP_DOWN, max_value=1, width=12),
        timeseries("Kafka producer errors", [
            (f"sum by (instance) (rate(causeway_kafka_producer_errors_total{{{sel}}}[$__rate_interval]))", "{{instance}}"),
        ], unit="ops", width=12),
        *extra,
    ])


def runtime_row(service):
    sel = f'service="{service}", {NS}'
    return ("Runtime (per replica)", [
        timeseries("CPU", [
            (f"sum by (instance) (rate(causeway_process_cpu_seconds_total{{{sel}}}[$__rate_interval]))", "{{instance}}"),
        ], unit="percentunit", description="Cores used; 1 = one full core.", width=8),
        timeseries("Resident memory", [
            (f"causeway_process_resident_memory_bytes{{{sel}}}", "{{instance}}"),
        ], unit="bytes", width=8),
        timeseries("Heap used", [
            (f"causeway_nodejs_heap_size_used_bytes{{{sel}}}", "{{instance}}"),
        ], unit="bytes", width=8),
        timeseries("Event loop lag p99", [
            (f"causeway_nodejs_eventloop_lag_p99_seconds{{{sel}}}", "{{instance}}"),
        ], unit="s", description="EventLoopLagHigh fires above 100 ms for 10 minutes.", width=8),
        timeseries("GC time", [
            (f"sum by (instance) (rate(causeway_nodejs_gc_duration_seconds_sum{{{sel}}}[$__rate_interval]))", "{{instance}}"),
        ], unit="percentunit", description="Share of wall time spent in garbage collection.", width=8),
        timeseries("Restarts", [
            (f"count by (instance) (changes(causeway_process_start_time_seconds{{{sel}}}[1h]) > 0)", "{{instance}}"),
        ], description="Replicas whose process started in the last hour.", width=8),
    ])


# ---------- dashboards ----------

def data_plane():
    sel = f'service="data-plane", {NS}'
    return {
        "uid": "causeway-data-plane",
        "title": "Causeway / Data plane",
        "description": "The agents' hot path: REST /v1 and MCP calls, configuration freshness, limits, runtime.",
        "rows": [
            ("Overview", [
                stat("Requests/s", f"sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}}}[5m]))", unit="reqps"),
                stat("5xx ratio", f'sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}, status_class="5xx"}}[5m])) / sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}}}[5m]))',
                     unit="percentunit", thresholds=[(0.01, "orange"), (0.05, "red")]),
                stat("p99 duration", f"histogram_quantile(0.99, sum by (le) (rate(causeway_http_request_duration_seconds_bucket{{{sel}, {PROBES}}}[5m])))",
                     unit="s", thresholds=[(0.5, "orange"), (2, "red")]),
                stat("Replicas scraped", f"count(causeway_process_start_time_seconds{{{sel}}})"),
            ]),
            http_rows("data-plane"),
            ("Configuration view", [
                timeseries("Seconds since the last applied config change", [
                    (f"causeway_config_age_seconds{{{sel}}}", "{{instance}}"),
                ], unit="s", min_zero=False,
                    description="Replicas should move together; one that trails the others by minutes missed changes (ConfigStale). -1 = nothing applied since start.",
                    width=24),
            ]),
            ("Rate limiting", [
                timeseries("Rate-limit decisions", [
                    (f"sum by (decision, scope) (rate(causeway_rate_limit_decisions_total{{{sel}}}[$__rate_interval]))", "{{scope}} {{decision}}"),
                ], unit="ops", description="Quota and upstream-limit decisions by outcome and scope (tenant, key, connection, upstream).", stack=True, width=24),
            ]),
            ("Events", [
                timeseries("Inbound webhooks by outcome", [
                    (f"sum by (provider, outcome) (rate(causeway_events_webhooks_received_total{{{sel}}}[$__rate_interval]))", "{{provider}} {{outcome}}"),
                ], unit="ops", description="stored = verified and new; duplicate = deduplicated; refused = forged, stale or unreadable; unknown = no such connection or secret.", stack=True, width=8),
                timeseries("Deliveries to agents by result", [
                    (f"sum by (result) (rate(causeway_event_deliveries_total{{{sel}}}[$__rate_interval]))", "{{result}}"),
                ], unit="ops", description="Attempts to POST events to subscription URLs (EventDeliveryFailing watches failed and dead_lettered per tenant).", stack=True, width=8),
                timeseries("Delivery latency and lag", [
                    (f"histogram_quantile(0.99, sum by (le) (rate(causeway_event_delivery_latency_seconds_bucket{{{sel}}}[5m])))", "p99 event to 2xx"),
                    (f"max(causeway_event_delivery_oldest_pending_seconds{{{sel}}})", "oldest owed event"),
                ], unit="s", description="From the event's time to the agent's 2xx; the oldest owed event is EventDeliveryLagging's input.", width=8),
            ]),
            dependency_row("data-plane", extra=[
                timeseries("Callers waiting for a database connection", [
                    (f"causeway_db_pool_waiting{{{sel}}}", "{{instance}}"),
                ], description="The data plane's schema holds idempotency records and refresh locks; the config path never reads it.", width=24),
            ]),
            runtime_row("data-plane"),
        ],
    }


def control_plane():
    sel = f'service="control-plane", {NS}'
    return {
        "uid": "causeway-control-plane",
        "title": "Causeway / Control plane",
        "description": "GraphQL API and OAuth endpoints, the transactional outbox, the database pool.",
        "rows": [
            ("Overview", [
                stat("Requests/s", f"sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}}}[5m]))", unit="reqps"),
                stat("5xx ratio", f'sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}, status_class="5xx"}}[5m])) / sum(rate(causeway_http_request_duration_seconds_count{{{sel}, {PROBES}}}[5m]))',
                     unit="percentunit", thresholds=[(0.01, "orange"), (0.05, "red")]),
                stat("Outbox backlog", f"max(causeway_outbox_backlog{{{sel}}})", thresholds=[(100, "orange"), (1000, "red")]),
                stat("Replicas scraped", f"count(causeway_process_start_time_seconds{{{sel}}})"),
            ]),
            http_rows("control-plane", "HTTP and GraphQL (rate, errors, duration)"),
            ("Outbox", [
                timeseries("Backlog (unpublished rows)", [
                    (f"max(causeway_outbox_backlog{{{sel}}})", "backlog"),
                ], description="Rows committed but not yet on Kafka. OutboxBacklogGrowing fires above 100 and rising.", width=8),
                timeseries("Published / failed", [
                    (f"sum(rate(causeway_outbox_published_total{{{sel}}}[$__rate_interval]))", "published", "A"),
                    (f"sum(rate(causeway_outbox_publish_failures_total{{{sel}}}[$__rate_interval]))", "failed attempts", "B"),
                ], unit="ops", width=8),
                timeseries("Kafka producer errors", [
                    (f"sum by (instance) (rate(causeway_kafka_producer_errors_total{{{sel}}}[$__rate_interval]))", "{{instance}}"),
                ], unit="ops", width=8),
            ]),
            ("Database", [
                timeseries("Callers waiting for a connection", [
                    (f"causeway_db_pool_waiting{{{sel}}}", "{{instance}}"),
                ], description="Above 0 for long: the pool is too small or queries are slow (DatabasePoolSaturated).", width=12),
                timeseries("Readiness by dependency (min over replicas)", [
                    (f"min by (dependency) (causeway_dependency_up{{{sel}}})", "{{dependency}}"),
                ], mappings=UP_DOWN, max_value=1, width=12),
            ]),
            runtime_row("control-plane"),
        ],
    }


def audit_pipeline():
    sel = f'service="audit", {NS}'
    return {
        "uid": "causeway-audit-pipeline",
        "title": "Causeway / Audit pipeline",
        "description": "From the outbox and the data plane to the append-only, hash-chained audit store.",
        "rows": [
            ("Overview", [
                stat("Events stored/s", f"sum(rate(causeway_audit_events_stored_total{{{sel}}}[5m]))", unit="ops"),
                stat("Consumer lag", f"max(causeway_audit_consumer_lag{{{sel}}})", thresholds=[(1000, "orange"), (10000, "red")]),
                stat("Dead-lettered (24h)", f"sum(increase(causeway_audit_dead_lettered_total{{{sel}}}[24h]))", thresholds=[(1, "red")]),
                stat("Chain verification failures (24h)", f"sum(increase(causeway_audit_verification_failures_total{{{NS}}}[24h]))", thresholds=[(1, "red")]),
            ]),
            ("Producers", [
                timeseries("Outbox: published / backlog", [
                    (f'sum(rate(causeway_outbox_published_total{{service="control-plane", {NS}}}[$__rate_interval]))', "published/s", "A"),
                    (f'max(causeway_outbox_backlog{{service="control-plane", {NS}}})', "backlog", "B"),
                ], description="Admin audit events leave the control plane through the outbox.", width=12),
                timeseries("Kafka producer errors by service", [
                    (f"sum by (service) (rate(causeway_kafka_producer_errors_total{{{NS}}}[$__rate_interval]))", "{{service}}"),
                ], unit="ops", description="The data plane produces call audit events directly.", width=12),
            ]),
            ("Consumer and store", [
                timeseries("Events stored", [
                    (f"sum by (instance) (rate(causeway_audit_events_stored_total{{{sel}}}[$__rate_interval]))", "{{instance}}"),
                ], unit="ops", description="New rows only; redelivered events (same id) are not counted.", stack=True, width=8),
                timeseries("Consumer lag", [
                    (f"max(causeway_audit_consumer_lag{{{sel}}})", "lag"),
                ], description="Audit topic messages the consumer group has not committed. Every replica measures the whole group, hence max. AuditConsumerLagHigh fires above 10000 when not shrinking.", width=8),
                timeseries("Write duration p50 / p99", [
                    (f"histogram_quantile(0.5, sum by (le) (rate(causeway_audit_write_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "p50", "A"),
                    (f"histogram_quantile(0.99, sum by (le) (rate(causeway_audit_write_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "p99", "B"),
                ], unit="s", width=8),
                timeseries("Dead-lettered", [
                    (f"sum(increase(causeway_audit_dead_lettered_total{{{sel}}}[$__rate_interval]))", "dead-lettered"),
                ], description="Messages the writer could not store, moved to the DLQ (AuditDeadLetterGrowing).", width=12),
                timeseries("Chain verification failures", [
                    (f"sum(increase(causeway_audit_verification_failures_total{{{NS}}}[$__rate_interval]))", "failures"),
                ], description="Any value above 0 is a possible tampering (AuditChainVerificationFailed).", width=12),
            ]),
            ("Database", [
                timeseries("Callers waiting for a connection", [
                    (f"causeway_db_pool_waiting{{{sel}}}", "{{instance}}"),
                ], width=12),
                timeseries("Readiness by dependency (min over replicas)", [
                    (f"min by (dependency) (causeway_dependency_up{{{sel}}})", "{{dependency}}"),
                ], mappings=UP_DOWN, max_value=1, width=12),
            ]),
            http_rows("audit", "Search and verification API"),
            runtime_row("audit"),
        ],
    }


def connectors():
    sel = f'service="data-plane", {NS}'
    return {
        "uid": "causeway-connectors",
        "title": "Causeway / Connectors",
        "description": "Upstream SaaS calls by connector: outcomes, latency, circuit breakers, OAuth token refresh.",
        "rows": [
            ("Calls", [
                timeseries("Calls by connector", [
                    (f"sum by (connector) (rate(causeway_connector_calls_total{{{sel}}}[$__rate_interval]))", "{{connector}}"),
                ], unit="ops", stack=True, width=12),
                timeseries("Failure ratio by connector", [
                    (f'sum by (connector) (rate(causeway_connector_calls_total{{{sel}, outcome!="success"}}[$__rate_interval])) / sum by (connector) (rate(causeway_connector_calls_total{{{sel}}}[$__rate_interval]))', "{{connector}}"),
                ], unit="percentunit", max_value=1, width=12),
                timeseries("Outcomes", [
                    (f"sum by (outcome) (rate(causeway_connector_calls_total{{{sel}}}[$__rate_interval]))", "{{outcome}}"),
                ], unit="ops", stack=True, width=8),
                timeseries("Upstream status classes", [
                    (f"sum by (connector, status_class) (rate(causeway_connector_calls_total{{{sel}}}[$__rate_interval]))", "{{connector}} {{status_class}}"),
                ], unit="ops", width=8),
                timeseries("Top actions", [
                    (f"topk(10, sum by (connector, action) (rate(causeway_connector_calls_total{{{sel}}}[$__rate_interval])))", "{{connector}}.{{action}}"),
                ], unit="ops", width=8),
            ]),
            ("Upstream latency", [
                timeseries("Upstream p95 by connector", [
                    (f"histogram_quantile(0.95, sum by (le, connector) (rate(causeway_connector_upstream_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "{{connector}}"),
                ], unit="s", width=12),
                timeseries("Upstream p99 by connector", [
                    (f"histogram_quantile(0.99, sum by (le, connector) (rate(causeway_connector_upstream_duration_seconds_bucket{{{sel}}}[$__rate_interval])))", "{{connector}}"),
                ], unit="s", width=12),
            ]),
            ("Circuit breakers", [
                state_timeline("Breaker state (worst replica)", f"max by (connector) (causeway_breaker_state{{{sel}}})", "{{connector}}", BREAKER,
                               description="Open: calls fail fast without reaching the upstream (CircuitBreakerOpen)."),
            ]),
            ("OAuth tokens and limits", [
                timeseries("Token refreshes by outcome", [
                    (f"sum by (outcome) (rate(causeway_token_refresh_total{{{NS}}}[$__rate_interval]))", "{{outcome}}"),
                ], unit="ops", description="Anything but success counts as a failure (TokenRefreshFailures).", stack=True, width=12),
                timeseries("Upstream rate-limit decisions", [
                    (f'sum by (decision) (rate(causeway_rate_limit_decisions_total{{{sel}, scope="upstream"}}[$__rate_interval]))', "{{decision}}"),
                ], unit="ops", description="Calls held back to respect an upstream's published limits.", stack=True, width=12),
            ]),
        ],
    }


# ---------- assembly ----------

def layout(rows):
    panels, y, next_id = [], 0, 1
    for title, row_panels in rows:
        panels.append({"type": "row", "title": title, "collapsed": False, "id": next_id,
                       "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
        next_id += 1
        y += 1
        x, row_h = 0, 0
        for p in row_panels:
            w, h = p.pop("_width"), p.pop("_height", 8)
            if x + w > 24:
                x, y = 0, y + row_h
                row_h = 0
            p["id"] = next_id
            next_id += 1
            p["gridPos"] = {"h": h, "w": w, "x": x, "y": y}
            if not p.get("description"):
                p.pop("description", None)
            panels.append(p)
            x += w
            row_h = max(row_h, h)
        y += row_h
    return panels


def dashboard(spec):
    return {
        "uid": spec["uid"],
        "title": spec["title"],
        "description": spec["description"],
        "tags": ["causeway"],
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "30s",
        "timezone": "",
        "annotations": {"list": [{
            "builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
            "hide": True, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard",
        }]},
        "links": [{"type": "dashboards", "tags": ["causeway"], "asDropdown": True, "title": "Causeway", "includeVars": True, "keepTime": True}],
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "regex": "", "options": []},
            {"name": "namespace", "label": "Namespace", "type": "query", "datasource": DS,
             "query": {"query": "label_values(causeway_process_start_time_seconds, namespace)", "refId": "namespace"},
             "definition": "label_values(causeway_process_start_time_seconds, namespace)",
             "includeAll": True, "allValue": ".*", "multi": False, "current": {}, "hide": 0, "refresh": 2,
             "regex": "", "sort": 1, "options": []},
        ]},
        "panels": layout(spec["rows"]),
    }


DASHBOARDS = {
    "data-plane.json": data_plane,
    "control-plane.json": control_plane,
    "audit-pipeline.json": audit_pipeline,
    "connectors.json": connectors,
}


def main(argv):
    check = "--check" in argv
    stale = []
    for name, build in DASHBOARDS.items():
        text = json.dumps(dashboard(build()), indent=2) + "\n"
        path = HERE / name
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        print(f"stale dashboards (run python3 deploy/grafana/generate.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
