import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second, throwaway Kafka broker with a SASL_SSL listener, for the client's TLS and SASL
 * settings. It never touches the shared test broker (59092): its own ports, its own data
 * directory, its own throwaway CA. Same jars as tools/infra/kafka.sh (.infra/kafka/libs).
 *
 * Users: `causeway-scram` (SCRAM-SHA-512, created at format time) and `causeway-plain`
 * (PLAIN, from the listener's JAAS config). The broker certificate is for 127.0.0.1 and
 * localhost, signed by `caFile`.
 */
export class SaslSslBroker {
  readonly scram = { username: 'causeway-scram', password: randomBytes(12).toString('hex') };
  readonly plain = { username: 'causeway-plain', password: randomBytes(12).toString('hex') };

  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly internalPort: number,
    private readonly controllerPort: number,
  ) {}

  static libs(): string {
    return join(__dirname, '..', '..', '..', '..', '.infra', 'kafka', 'libs');
  }

  static available(): boolean {
    return existsSync(SaslSslBroker.libs());
  }

  static async start(): Promise<SaslSslBroker> {
    const [port, internalPort, controllerPort] = await freePorts(3);
    const broker = new SaslSslBroker(mkdtempSync(join(tmpdir(), 'causeway-kafka-sasl-')), port, internalPort, controllerPort);
    try {
      broker.makeCertificates();
      broker.writeConfig();
      broker.format();
      await broker.launch();
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  get caFile(): string {
    return join(this.dir, 'ca.crt');
  }

  /** A file holding `text`, for the *_FILE variables. */
  file(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private makeCertificates(): void {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=causeway-test-ca');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost');
    writeFileSync(join(this.dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'broker.crt',
      '-days',
      '1',
      '-extfile',
      'san.ext',
    );
    openssl(
      'pkcs12',
      '-export',
      '-in',
      'broker.crt',
      '-inkey',
      'broker.key',
      '-certfile',
      'ca.crt',
      '-name',
      'broker',
      '-out',
      'broker.p12',
      '-passout',
      'pass:changeit',
    );
  }

  private writeConfig(): void {
    const jaas = (module: string, options = '') => `org.apache.kafka.common.security.${module} required${options};`;
    const props = {
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': `1@127.0.0.1:${this.controllerPort}`,
      listeners: `SASL_SSL://127.0.0.1:${this.port},INTERNAL://127.0.0.1:${this.internalPort},CONTROLLER://127.0.0.1:${this.controllerPort}`,
      'advertised.listeners': `SASL_SSL://127.0.0.1:${this.port},INTERNAL://127.0.0.1:${this.internalPort}`,
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'INTERNAL',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL',
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-512',
      'listener.name.sasl_ssl.plain.sasl.jaas.config': jaas('plain.PlainLoginModule', ` user_${this.plain.username}="${this.plain.password}"`),
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': jaas('scram.ScramLoginModule'),
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': join(this.dir, 'broker.p12'),
      'ssl.keystore.password': 'changeit',
      'ssl.key.password': 'changeit',
      'log.dirs': join(this.dir, 'data'),
      'num.partitions': '1',
      'offsets.topic.replication.factor': '1',
      'offsets.topic.num.partitions': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'num.network.threads': '1',
      'num.io.threads': '2',
      'log.cleaner.dedupe.buffer.size': '2097152',
      'log.cleaner.threads': '1',
    };
    writeFileSync(
      join(this.dir, 'server.properties'),
      Object.entries(props)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    );
  }

  private java(): string[] {
    return ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-Djava.awt.headless=true', '-cp', `${SaslSslBroker.libs()}/*`];
  }

  private format(): void {
    const clusterId = randomBytes(16).toString('base64url');
    execFileSync(
      'java',
      [
        ...this.java(),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        join(this.dir, 'server.properties'),
        '--add-scram',
        `SCRAM-SHA-512=[name=${this.scram.username},password=${this.scram.password}]`,
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
  }

  private async launch(): Promise<void> {
    const child = spawn('java', [...this.java(), 'kafka.Kafka', join(this.dir, 'server.properties')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 120_000;
    while (!(await portOpen(this.port))) {
      if (child.exitCode !== null) throw new Error(`the SASL_SSL broker exited: ${this.output}`);
      if (Date.now() > deadline) throw new Error(`the SASL_SSL broker did not listen in time: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}
