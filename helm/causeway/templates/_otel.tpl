{{/*
OTEL_* variables of one service when traces are on (values `otel`, docs/operations.md, Traces).
Nothing is rendered without an endpoint: the services then create no exporter. Args: root, name.
*/}}
{{- define "causeway.otelEnv" -}}
{{- $o := .root.Values.otel }}
{{- if or $o.endpoint $o.tracesEndpoint }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "causeway-%s" .name | quote }}
{{- with $o.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $o.tracesEndpoint }}
- name: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  value: {{ . | quote }}
{{- end }}
# The exporter sends OTLP/HTTP with JSON bodies.
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: http/json
- name: OTEL_TRACES_SAMPLER
  value: {{ $o.sampler | quote }}
{{- with $o.samplerArg }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ . | quote }}
{{- end }}
{{- with $o.resourceAttributes }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ . | quote }}
{{- end }}
{{- if $o.headersSecret.name }}
{{ include "causeway.secretEnvVar" (dict "name" "OTEL_EXPORTER_OTLP_HEADERS" "secretName" $o.headersSecret.name "key" $o.headersSecret.key) }}
{{- end }}
{{- end }}
{{- end }}

{{/* True when the services export traces, for the NetworkPolicy's egress to the collector. */}}
{{- define "causeway.otelEnabled" -}}
{{- if or .Values.otel.endpoint .Values.otel.tracesEndpoint }}true{{ end }}
{{- end }}
