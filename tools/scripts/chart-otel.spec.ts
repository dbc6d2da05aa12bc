import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * What the chart renders for OpenTelemetry traces (values `otel`). Uses the helm that
 * lint-deploy.sh installs (never installs it here); skipped where that helm is absent.
 */
const root = join(__dirname, '..', '..');
const helm = join(process.env.CAUSEWAY_TOOLS_DIR ?? join(homedir(), '.cache', 'causeway-tools'), 'bin', 'helm');
const describeWithHelm = existsSync(helm) ? describe : describe.skip;

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
type Doc = {
  kind: string;
  metadata: { name: string };
  spec: { egress?: { ports?: { port: number }[] }[]; template: { spec: { containers: { env: EnvVar[] }[] } } };
};

function render(...sets: string[]): Doc[] {
  const base = [
    'keys.existingSecret=k',
    'database.existingSecret=d',
    'kafka.brokers[0]=kafka:9092',
    'vault.enabled=true',
    'vault.address=https://vault:8200',
    'networkPolicy.enabled=true',
  ];
  const args = ['template', 't', join(root, 'helm', 'causeway'), '--kube-version', '1.30.0', ...[...base, ...sets].flatMap((s) => ['--set', s])];
  const out = execFileSync(helm, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split(/^---\s*$/m)
    .map((text) => parse(text) as Doc)
    .filter(Boolean);
}

const workloads = (docs: Doc[]) => docs.filter((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet');
const otelEnv = (workload: Doc) => workload.spec.template.spec.containers[0].env.filter((e) => e.name.startsWith('OTEL_'));
const policies = (docs: Doc[]) => docs.filter((d) => d.kind === 'NetworkPolicy' && /-(control-plane|data-plane|audit)$/.test(d.metadata.name));

describeWithHelm('the chart, for traces', () => {
  it('sets no OTEL_* variable and no egress to a collector by default, so the services create no exporter', () => {
    const docs = render();
    expect(workloads(docs)).toHaveLength(3);
    for (const workload of workloads(docs)) expect(otelEnv(workload)).toEqual([]);
    expect(policies(docs)).toHaveLength(3);
    for (const policy of policies(docs)) expect(policy.spec.egress!.flatMap((rule) => rule.ports ?? []).map((p) => p.port)).not.toContain(4318);
  });

  it('passes the standard OTEL_* variables to every service, named causeway-<service>, with egress to the collector', () => {
    const docs = render(
      'otel.endpoint=http://otel-collector.monitoring:4318',
      'otel.samplerArg=0.25',
      'otel.headersSecret.name=otel-auth',
      'otel.resourceAttributes=deployment.environment=prod',
    );
    const names = workloads(docs)
      .map((w) => otelEnv(w).find((e) => e.name === 'OTEL_SERVICE_NAME')!.value)
      .sort();
    expect(names).toEqual(['causeway-audit', 'causeway-control-plane', 'causeway-data-plane']);
    for (const workload of workloads(docs)) {
      expect(otelEnv(workload)).toEqual(
        expect.arrayContaining([
          { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.monitoring:4318' },
          { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/json' },
          { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
          { name: 'OTEL_TRACES_SAMPLER_ARG', value: '0.25' },
          { name: 'OTEL_RESOURCE_ATTRIBUTES', value: 'deployment.environment=prod' },
          { name: 'OTEL_EXPORTER_OTLP_HEADERS', valueFrom: { secretKeyRef: { name: 'otel-auth', key: 'headers' } } },
        ]),
      );
    }
    for (const policy of policies(docs)) expect(policy.spec.egress!.flatMap((rule) => rule.ports ?? []).map((p) => p.port)).toContain(4318);
  });

  it('refuses a sampler the SDK does not know', () => {
    expect(() => render('otel.sampler=sometimes')).toThrow();
  });
});
