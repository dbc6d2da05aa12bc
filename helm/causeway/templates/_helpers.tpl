{{/*
The three services: values key -> component name. Every per-service template ranges over this.
*/}}
{{- define "causeway.components" -}}
controlPlane: control-plane
dataPlane: data-plane
audit: audit
{{- end }}

{{- define "causeway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "causeway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "causeway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one component's objects. Args: root, name. */}}
{{- define "causeway.componentFullname" -}}
{{- printf "%s-%s" (include "causeway.fullname" .root | trunc 48 | trimSuffix "-") .name }}
{{- end }}

{{/* Labels of every object. Args: root, name (component, optional). */}}
{{- define "causeway.labels" -}}
helm.sh/chart: {{ include "causeway.chart" .root }}
{{ include "causeway.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: causeway
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels. Args: root, name (component, optional: without it, the whole release). */}}
{{- define "causeway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "causeway.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}
{{- end }}

{{/* Service account of a component. Args: root, key, name. */}}
{{- define "causeway.serviceAccountName" -}}
{{- $sa := (index .root.Values .key).serviceAccount }}
{{- if $sa.create }}
{{- default (include "causeway.componentFullname" .) $sa.name }}
{{- else }}
{{- default "default" $sa.name }}
{{- end }}
{{- end }}

{{/* "true" when a component authenticates to Vault with its Kubernetes service account token. Args: root, key. */}}
{{- define "causeway.vaultKubernetesAuth" -}}
{{- $v := .root.Values.vault }}
{{- if and $v.enabled (eq $v.auth.method "kubernetes") (has .key (list "controlPlane" "dataPlane")) }}true{{ end }}
{{- end }}

{{/* "true" when a component is the data plane with its audit spool on a claim per replica. Args: root, key. */}}
{{- define "causeway.spoolPersistent" -}}
{{- if and (eq .key "dataPlane") .root.Values.dataPlane.auditSpool.persistence.enabled }}true{{ end }}
{{- end }}

{{/* Image reference of a component. Args: root, key. */}}
{{- define "causeway.image" -}}
{{- $img := (index .root.Values .key).image }}
{{- $repo := $img.repository }}
{{- with .root.Values.image.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end }}
{{- if $img.digest }}
{{- printf "%s@%s" $repo $img.digest }}
{{- else }}
{{- printf "%s:%s" $repo (toString (coalesce $img.tag .root.Values.image.tag .root.Chart.AppVersion)) }}
{{- end }}
{{- end }}

{{/* Fails the render when a value the services cannot run without is missing. */}}
{{- define "causeway.validate" -}}
{{- if not .Values.kafka.brokers }}
{{- fail "kafka.brokers: list at least one broker (host:port)" }}
{{- end }}
{{- if not .Values.keys.existingSecret }}
{{- fail "keys.existingSecret: name the Secret that holds the services' keys and tokens (see values.yaml, keys)" }}
{{- end }}
{{- if not .Values.vault.enabled }}
{{- if and .Values.controlPlane.enabled (gt (int .Values.controlPlane.replicaCount) 1) }}
{{- fail "controlPlane.replicaCount: without Vault the control plane keeps credentials in a local store that supports one replica; set vault.enabled or controlPlane.replicaCount: 1" }}
{{- end }}
{{- if and .Values.dataPlane.enabled (or .Values.dataPlane.autoscaling.enabled (gt (int .Values.dataPlane.replicaCount) 1)) }}
{{- fail "dataPlane: without Vault each data plane process has its own local secret store; set vault.enabled, or run one replica without autoscaling" }}
{{- end }}
{{- end }}
{{- if not .Values.database.existingSecret }}
{{- fail "database.existingSecret: name the Secret that holds DATABASE_URL (the chart never takes the URL inline)" }}
{{- end }}
{{- $as := .Values.dataPlane.autoscaling }}
{{- if and $as.enabled (gt (int $as.minReplicas) (int $as.maxReplicas)) }}
{{- fail "dataPlane.autoscaling: minReplicas is above maxReplicas" }}
{{- end }}
{{- $sasl := .Values.kafka.sasl }}
{{- if $sasl.mechanism }}
{{- if not (has $sasl.mechanism (list "plain" "scram-sha-256" "scram-sha-512" "oauthbearer")) }}
{{- fail "kafka.sasl.mechanism: plain, scram-sha-256, scram-sha-512 or oauthbearer" }}
{{- end }}
{{- if and (has $sasl.mechanism (list "plain" "oauthbearer")) (not .Values.kafka.tls.enabled) }}
{{- fail (printf "kafka.sasl.mechanism %s sends the credential as is: set kafka.tls.enabled" $sasl.mechanism) }}
{{- end }}
{{- if eq $sasl.mechanism "oauthbearer" }}
{{- if not $sasl.oauthbearerTokenSecret.name }}{{ fail "kafka.sasl.oauthbearerTokenSecret.name is required with oauthbearer" }}{{ end }}
{{- else if or (not $sasl.username) (not $sasl.passwordSecret.name) }}
{{- fail (printf "kafka.sasl: %s needs username and passwordSecret.name" $sasl.mechanism) }}
{{- end }}
{{- end }}
{{- if and .Values.redis.tls.caSecret.name (not .Values.redis.existingSecret) }}
{{- fail "redis.tls.caSecret is set but redis.existingSecret is not: name the Secret that holds REDIS_URL (rediss://...)" }}
{{- end }}
{{- if .Values.vault.enabled }}
{{- if not .Values.vault.address }}{{ fail "vault.address is required when vault.enabled" }}{{ end }}
{{- if and (eq .Values.vault.auth.method "approle") (not .Values.vault.auth.approle.existingSecret) }}
{{- fail "vault.auth.approle.existingSecret is required with the approle method" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A secretKeyRef env entry. Args: name, secretName, key, optional. */}}
{{- define "causeway.secretEnvVar" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/* A secretKeyRef entry from the keys Secret, when its key name is set. Args: root, name, key. */}}
{{- define "causeway.keyEnvVar" -}}
{{- if .key }}
{{ include "causeway.secretEnvVar" (dict "name" .name "secretName" .root.Values.keys.existingSecret "key" .key) }}
{{- end }}
{{- end }}

{{/* Environment of a component's container. Args: root, key, name. */}}
{{- define "causeway.env" -}}
{{- $root := .root }}
{{- $svc := index $root.Values .key }}
{{- $keys := $root.Values.keys }}
- name: PORT
  value: {{ $svc.port | quote }}
# The services listen on loopback unless told otherwise; in a pod, kubelet probes and the
# Service reach it on the pod IP, and the NetworkPolicy decides who may.
- name: HOST
  value: "0.0.0.0"
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
- name: KAFKA_BROKERS
  value: {{ join "," $root.Values.kafka.brokers | quote }}
{{- include "causeway.kafkaSecurityEnv" $root }}
{{- include "causeway.otelEnv" (dict "root" $root "name" .name) }}
{{ include "causeway.secretEnvVar" (dict "name" "DATABASE_URL" "secretName" $root.Values.database.existingSecret "key" $root.Values.database.secretKey) }}
{{- if eq .key "controlPlane" }}
- name: OUTBOX_POLL_INTERVAL_MS
  value: {{ $svc.outboxPollIntervalMs | quote }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_JWT_SECRET" "key" $keys.jwtSecret) }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_API_KEY_PEPPER" "key" $keys.apiKeyPepper) }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_INTERNAL_TOKEN" "key" $keys.internalToken) }}
{{- $dpUrl := $svc.dataPlaneUrl }}
{{- if and (not $dpUrl) $root.Values.dataPlane.enabled }}
{{- $dpUrl = printf "http://%s:%v" (include "causeway.componentFullname" (dict "root" $root "name" "data-plane")) $root.Values.dataPlane.service.port }}
{{- end }}
{{- if $dpUrl }}
- name: DATA_PLANE_URL
  value: {{ $dpUrl | quote }}
{{- end }}
{{- $auditUrl := $svc.auditUrl }}
{{- if and (not $auditUrl) $root.Values.audit.enabled }}
{{- $auditUrl = printf "http://%s:%v" (include "causeway.componentFullname" (dict "root" $root "name" "audit")) $root.Values.audit.service.port }}
{{- end }}
{{- if $auditUrl }}
{{- /* Audit search and chain verification in the console, with the audit service's token. */}}
- name: AUDIT_URL
  value: {{ $auditUrl | quote }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "AUDIT_INTERNAL_TOKEN" "key" $keys.auditInternalToken) }}
{{- end }}
{{- end }}
{{- if and (not $root.Values.vault.enabled) (has .key (list "controlPlane" "dataPlane")) }}
- name: CAUSEWAY_SECRETS_DIR
  value: {{ $root.Values.localSecretStore.mountPath | quote }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_MASTER_KEY" "key" $keys.masterKey) }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_MASTER_KEY_PREVIOUS" "key" $keys.previousMasterKey) }}
{{- end }}
{{- if eq .key "dataPlane" }}
- name: INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_API_KEY_PEPPER" "key" $keys.apiKeyPepper) }}
{{- $cpUrl := $svc.controlPlaneUrl }}
{{- if and (not $cpUrl) $root.Values.controlPlane.enabled }}
{{- $cpUrl = printf "http://%s:%v" (include "causeway.componentFullname" (dict "root" $root "name" "control-plane")) $root.Values.controlPlane.service.port }}
{{- end }}
{{- if $cpUrl }}
- name: CONTROL_PLANE_URL
  value: {{ $cpUrl | quote }}
{{- end }}
{{- /* Always: it also guards the data plane's internal approvals API, which the control plane calls. */}}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "CAUSEWAY_INTERNAL_TOKEN" "key" $keys.internalToken) }}
- name: APPROVAL_WEBHOOK_ATTEMPTS
  value: {{ $svc.approvalWebhookAttempts | quote }}
- name: APPROVAL_WEBHOOK_BACKOFF_MS
  value: {{ $svc.approvalWebhookBackoffMs | quote }}
{{- $redis := $root.Values.redis }}
{{- if $redis.existingSecret }}
{{ include "causeway.secretEnvVar" (dict "name" "REDIS_URL" "secretName" $redis.existingSecret "key" $redis.secretKey) }}
{{- if $redis.tls.caSecret.name }}
- name: REDIS_TLS_CA_FILE
  value: /etc/causeway/redis-ca/{{ $redis.tls.caSecret.key }}
{{- end }}
{{- end }}
{{- /* Each replica takes 1/N of the limits while Redis is unreachable (or alone without it);
  dataPlane.env may set another N (docs/operations.md, Redis). */}}
{{- if not (hasKey (merge (deepCopy ($svc.env | default dict)) ($root.Values.env | default dict)) "DATA_PLANE_REPLICAS") }}
- name: DATA_PLANE_REPLICAS
  value: {{ ternary $svc.autoscaling.minReplicas $svc.replicaCount $svc.autoscaling.enabled | quote }}
{{- end }}
- name: AUDIT_SPOOL_DIR
  value: /var/lib/causeway/audit-spool
- name: AUDIT_SPOOL_SYNC_INTERVAL_MS
  value: {{ $svc.auditSpool.syncIntervalMs | quote }}
{{- end }}
{{- if eq .key "audit" }}
- name: AUDIT_CONSUMER_GROUP
  value: {{ $svc.consumerGroup | quote }}
{{- with $svc.retentionMonths }}
- name: AUDIT_RETENTION_MONTHS
  value: {{ . | quote }}
{{- end }}
{{- with $root.Values.database.auditOwnerSecret }}
{{ include "causeway.secretEnvVar" (dict "name" "AUDIT_OWNER_DATABASE_URL" "secretName" . "key" $root.Values.database.auditOwnerSecretKey) }}
{{- end }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "AUDIT_INTERNAL_TOKEN" "key" $keys.auditInternalToken) }}
{{- include "causeway.keyEnvVar" (dict "root" $root "name" "AUDIT_SIGNING_KEY" "key" $keys.auditSigningKey) }}
{{- end }}
{{- $v := $root.Values.vault }}
{{- if and $v.enabled (has .key (list "controlPlane" "dataPlane")) }}
- name: VAULT_ADDR
  value: {{ $v.address | quote }}
- name: VAULT_KV_MOUNT
  value: {{ $v.kvMount | quote }}
{{- with $v.namespace }}
- name: VAULT_NAMESPACE
  value: {{ . | quote }}
{{- end }}
{{- if $v.caSecret.name }}
- name: VAULT_CACERT
  value: /etc/causeway/vault-ca/{{ $v.caSecret.key }}
{{- end }}
{{- if eq $v.auth.method "kubernetes" }}
- name: VAULT_K8S_ROLE
  value: {{ $v.auth.kubernetes.role | quote }}
- name: VAULT_K8S_MOUNT
  value: {{ $v.auth.kubernetes.mount | quote }}
{{- else }}
- name: VAULT_APPROLE_MOUNT
  value: {{ $v.auth.approle.mount | quote }}
{{ include "causeway.secretEnvVar" (dict "name" "VAULT_ROLE_ID" "secretName" $v.auth.approle.existingSecret "key" $v.auth.approle.roleIdKey) }}
{{ include "causeway.secretEnvVar" (dict "name" "VAULT_SECRET_ID" "secretName" $v.auth.approle.existingSecret "key" $v.auth.approle.secretIdKey) }}
{{- end }}
{{- end }}
{{- range $name, $value := merge (deepCopy ($svc.env | default dict)) ($root.Values.env | default dict) }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range $name, $ref := merge (deepCopy ($svc.secretEnv | default dict)) ($root.Values.secretEnv | default dict) }}
{{ include "causeway.secretEnvVar" (dict "name" $name "secretName" $ref.secretName "key" $ref.key "optional" $ref.optional) }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* KAFKA_SSL_* and KAFKA_SASL_* from kafka.tls and kafka.sasl. Arg: root. */}}
{{- define "causeway.kafkaSecurityEnv" -}}
{{- $k := .Values.kafka }}
{{- if $k.tls.enabled }}
- name: KAFKA_SSL
  value: "true"
{{- if $k.tls.caSecret.name }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/causeway/kafka-ca/{{ $k.tls.caSecret.key }}
{{- end }}
{{- end }}
{{- with $k.sasl.mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ . | quote }}
{{- if eq . "oauthbearer" }}
- name: KAFKA_SASL_OAUTHBEARER_TOKEN_FILE
  value: /etc/causeway/kafka-sasl/{{ $k.sasl.oauthbearerTokenSecret.key }}
{{- else }}
- name: KAFKA_SASL_USERNAME
  value: {{ $k.sasl.username | quote }}
- name: KAFKA_SASL_PASSWORD_FILE
  value: /etc/causeway/kafka-sasl/{{ $k.sasl.passwordSecret.key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Read-only Secret volumes for the PostgreSQL CA (every container that connects, the
migration Jobs too) and, unless `database` is set, Kafka's CA and SASL credential.
Args: root, database (bool). Output: "mounts" and "volumes" lists as YAML. */}}
{{- define "causeway.tlsStorage" -}}
{{- $root := .root }}
{{- $mounts := list }}
{{- $volumes := list }}
{{- $db := $root.Values.database.caSecret }}
{{- if $db.name }}
{{- $mounts = append $mounts (dict "name" "postgres-ca" "mountPath" "/etc/causeway/postgres-ca" "readOnly" true) }}
{{- $volumes = append $volumes (dict "name" "postgres-ca" "secret" (dict "secretName" $db.name "items" (list (dict "key" $db.key "path" $db.key)))) }}
{{- end }}
{{- if not .database }}
{{- $k := $root.Values.kafka }}
{{- if and $k.tls.enabled $k.tls.caSecret.name }}
{{- $mounts = append $mounts (dict "name" "kafka-ca" "mountPath" "/etc/causeway/kafka-ca" "readOnly" true) }}
{{- $volumes = append $volumes (dict "name" "kafka-ca" "secret" (dict "secretName" $k.tls.caSecret.name "items" (list (dict "key" $k.tls.caSecret.key "path" $k.tls.caSecret.key)))) }}
{{- end }}
{{- if $k.sasl.mechanism }}
{{- $ref := ternary $k.sasl.oauthbearerTokenSecret $k.sasl.passwordSecret (eq $k.sasl.mechanism "oauthbearer") }}
{{- $mounts = append $mounts (dict "name" "kafka-sasl" "mountPath" "/etc/causeway/kafka-sasl" "readOnly" true) }}
{{- $volumes = append $volumes (dict "name" "kafka-sasl" "secret" (dict "secretName" $ref.name "items" (list (dict "key" $ref.key "path" $ref.key)))) }}
{{- end }}
{{- end }}
{{- toYaml (dict "mounts" $mounts "volumes" $volumes) }}
{{- end }}

{{/* Volumes a component needs besides /tmp. Args: root, key. Output: "mounts" and "volumes" lists as YAML. */}}
{{- define "causeway.extraStorage" -}}
{{- $root := .root }}
{{- $mounts := list }}
{{- $volumes := list }}
{{- $tls := include "causeway.tlsStorage" (dict "root" $root "database" false) | fromYaml }}
{{- $mounts = concat $mounts $tls.mounts }}
{{- $volumes = concat $volumes $tls.volumes }}
{{- $v := $root.Values.vault }}
{{- if and $v.enabled $v.caSecret.name (has .key (list "controlPlane" "dataPlane")) }}
{{- $mounts = append $mounts (dict "name" "vault-ca" "mountPath" "/etc/causeway/vault-ca" "readOnly" true) }}
{{- $volumes = append $volumes (dict "name" "vault-ca" "secret" (dict "secretName" $v.caSecret.name "items" (list (dict "key" $v.caSecret.key "path" $v.caSecret.key)))) }}
{{- end }}
{{- $redisCa := $root.Values.redis.tls.caSecret }}
{{- if and (eq .key "dataPlane") $root.Values.redis.existingSecret $redisCa.name }}
{{- $mounts = append $mounts (dict "name" "redis-ca" "mountPath" "/etc/causeway/redis-ca" "readOnly" true) }}
{{- $volumes = append $volumes (dict "name" "redis-ca" "secret" (dict "secretName" $redisCa.name "items" (list (dict "key" $redisCa.key "path" $redisCa.key)))) }}
{{- end }}
{{- if eq .key "dataPlane" }}
{{- /* Call audit events are written ahead here (decision 0007); an emptyDir survives a container restart. */}}
{{- $mounts = append $mounts (dict "name" "audit-spool" "mountPath" "/var/lib/causeway/audit-spool") }}
{{- if ne (include "causeway.spoolPersistent" .) "true" }}
{{- $volumes = append $volumes (dict "name" "audit-spool" "emptyDir" (dict "sizeLimit" $root.Values.dataPlane.auditSpool.sizeLimit)) }}
{{- end }}
{{- end }}
{{- if and (has .key (list "controlPlane" "dataPlane")) (not $v.enabled) }}
{{- $mounts = append $mounts (dict "name" "local-secrets" "mountPath" $root.Values.localSecretStore.mountPath) }}
{{- if and (eq .key "controlPlane") $root.Values.localSecretStore.existingClaim }}
{{- $volumes = append $volumes (dict "name" "local-secrets" "persistentVolumeClaim" (dict "claimName" $root.Values.localSecretStore.existingClaim)) }}
{{- else }}
{{- $volumes = append $volumes (dict "name" "local-secrets" "emptyDir" (dict "sizeLimit" "64Mi")) }}
{{- end }}
{{- end }}
{{- toYaml (dict "mounts" $mounts "volumes" $volumes) }}
{{- end }}
