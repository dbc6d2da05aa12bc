import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * What the chart renders for Redis and the audit spool. Uses the helm that lint-deploy.sh
 * installs (never installs it here); skipped with a note where that helm is absent.
 */
const root = join(__dirname, '..', '..');
const helm = join(process.env.CAUSEWAY_TOOLS_DIR ?? join(homedir(), '.cache', 'causeway-tools'), 'bin', 'helm');
const describeWithHelm = existsSync(helm) ? describe : describe.skip;

type EnvVar = { name: string; value?: string; valueFrom?: unknown };
/** The fields these specs read, across the kinds the chart renders. */
type Doc = {
  kind: string;
  metadata: { name: string };
  spec: {
    volumeClaimTemplates?: unknown[];
    persistentVolumeClaimRetentionPolicy?: unknown;
    scaleTargetRef: { kind: string };
    egress: { ports?: { port: number }[] }[];
    template: { spec: { volumes: { name: string }[]; containers: { env: EnvVar[]; volumeMounts: unknown[] }[] } };
  };
};

function render(...sets: string[]): Doc[] {
  const base = ['keys.existingSecret=k', 'database.existingSecret=d', 'kafka.brokers[0]=kafka:9092', 'vault.enabled=true', 'vault.address=https://vault:8200'];
  const args = ['template', 't', join(root, 'helm', 'causeway'), '--kube-version', '1.30.0', ...[...base, ...sets].flatMap((s) => ['--set', s])];
  const out = execFileSync(helm, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split(/^---\s*$/m)
    .map((text) => parse(text) as Doc)
    .filter(Boolean);
}

const dataPlane = (docs: Doc[]) => docs.find((d) => d.metadata?.name === 't-causeway-data-plane' && (d.kind === 'StatefulSet' || d.kind === 'Deployment'))!;
const env = (workload: Doc) => workload.spec.template.spec.containers[0].env;

describeWithHelm('the chart', () => {
  it('runs the data plane as a StatefulSet with a retained claim per replica for the audit spool, by default', () => {
    const docs = render();
    const dp = dataPlane(docs);

    expect(dp.kind).toBe('StatefulSet');
    expect(dp.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'audit-spool' }),
        spec: expect.objectContaining({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }),
      }),
    ]);
    expect(dp.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(dp.spec.template.spec.volumes.map((v) => v.name)).not.toContain('audit-spool');
    expect(dp.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'audit-spool', mountPath: '/var/lib/causeway/audit-spool' });
  });

  it('keeps a Deployment with an emptyDir spool when persistence is off, and the HPA follows the kind', () => {
    const off = render('dataPlane.auditSpool.persistence.enabled=false', 'dataPlane.autoscaling.enabled=true');
    const on = render('dataPlane.autoscaling.enabled=true');

    expect(dataPlane(off).kind).toBe('Deployment');
    expect(dataPlane(off).spec.template.spec.volumes).toContainEqual({ name: 'audit-spool', emptyDir: { sizeLimit: '1Gi' } });
    expect(off.find((d) => d.kind === 'HorizontalPodAutoscaler')!.spec.scaleTargetRef.kind).toBe('Deployment');
    expect(on.find((d) => d.kind === 'HorizontalPodAutoscaler')!.spec.scaleTargetRef.kind).toBe('StatefulSet');
  });

  it('gives the data plane REDIS_URL from the named Secret, its private CA, and egress to Redis; no other service', () => {
    const docs = render('redis.existingSecret=causeway-redis', 'redis.secretKey=url', 'redis.tls.caSecret.name=redis-ca', 'networkPolicy.enabled=true');
    const dp = dataPlane(docs);

    expect(env(dp)).toContainEqual({ name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'causeway-redis', key: 'url' } } });
    expect(env(dp)).toContainEqual({ name: 'REDIS_TLS_CA_FILE', value: '/etc/causeway/redis-ca/ca.crt' });
    expect(dp.spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ name: 'redis-ca', secret: expect.objectContaining({ secretName: 'redis-ca' }) }),
    );
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
    const redisEgress = (name: string) => policies.find((p) => p.metadata.name === name)!.spec.egress.some((rule) => rule.ports?.some((p) => p.port === 6379));
    expect(redisEgress('t-causeway-data-plane')).toBe(true);
    expect(redisEgress('t-causeway-control-plane')).toBe(false);
    expect(redisEgress('t-causeway-audit')).toBe(false);
    for (const other of ['t-causeway-control-plane', 't-causeway-audit']) {
      expect(env(docs.find((d) => d.metadata?.name === other && d.kind === 'Deployment')!).map((e) => e.name)).not.toContain('REDIS_URL');
    }
  });

  it('sets no REDIS_URL without redis.existingSecret, and DATA_PLANE_REPLICAS to the replica count', () => {
    const dp = dataPlane(render('dataPlane.replicaCount=3'));

    expect(env(dp).map((e) => e.name)).not.toContain('REDIS_URL');
    expect(env(dp)).toContainEqual({ name: 'DATA_PLANE_REPLICAS', value: '3' });
  });

  it('takes DATA_PLANE_REPLICAS from dataPlane.env when set there, once', () => {
    const dp = dataPlane(render('dataPlane.autoscaling.enabled=true', 'dataPlane.autoscaling.maxReplicas=12', 'dataPlane.env.DATA_PLANE_REPLICAS=12'));

    expect(env(dp).filter((e) => e.name === 'DATA_PLANE_REPLICAS')).toEqual([{ name: 'DATA_PLANE_REPLICAS', value: '12' }]);
  });

  it('points the control plane at the audit API with the audit token', () => {
    const cp = render().find((d) => d.metadata?.name === 't-causeway-control-plane' && d.kind === 'Deployment')!;

    expect(env(cp)).toContainEqual({ name: 'AUDIT_URL', value: 'http://t-causeway-audit:4200' });
    expect(env(cp)).toContainEqual({ name: 'AUDIT_INTERNAL_TOKEN', valueFrom: { secretKeyRef: { name: 'k', key: 'audit-internal-token' } } });
  });
});
