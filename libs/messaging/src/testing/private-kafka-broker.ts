import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, portOpen, SaslSslBroker } from './sasl-ssl-broker';

/**
 * A throwaway single-node Kafka (KRaft, PLAINTEXT) of a test's own, for outage tests: `stop()`
 * takes it down and `start()` brings it back on the same port with its data, while the shared
 * test broker (59092) that other tests use is never touched. Same jars as tools/infra/kafka.sh.
 */
export class PrivateKafkaBroker {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static available(): boolean {
    return SaslSslBroker.available();
  }

  static async create(): Promise<PrivateKafkaBroker> {
    const [port, controllerPort] = await freePorts(2);
    const broker = new PrivateKafkaBroker(mkdtempSync(join(tmpdir(), 'causeway-kafka-private-')), port, controllerPort);
    try {
      broker.writeConfig();
      execFileSync('java', [...broker.java(), 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', broker.config], {
        stdio: 'pipe',
        timeout: 120_000,
      });
      await broker.start();
    } catch (error) {
      await broker.destroy();
      throw error;
    }
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private get config(): string {
    return join(this.dir, 'server.properties');
  }

  /** Starts the broker (again) and waits until it listens. */
  async start(): Promise<void> {
    const child = spawn('java', [...this.java(), 'kafka.Kafka', this.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 120_000;
    while (!(await portOpen(this.port))) {
      if (child.exitCode !== null) throw new Error(`the private broker exited: ${this.output}`);
      if (Date.now() > deadline) throw new Error(`the private broker did not listen in time: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 15 s); its data stays for `start()`. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the broker and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private java(): string[] {
    return ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-Djava.awt.headless=true', '-cp', `${SaslSslBroker.libs()}/*`];
  }

  private writeConfig(): void {
    const props = {
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': `1@127.0.0.1:${this.controllerPort}`,
      listeners: `PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${this.port}`,
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
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
      this.config,
      Object.entries(props)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    );
  }
}

/** A random KRaft cluster id; one that starts with '-' would be read by kafka-storage as an option (1 run in 64). */
function clusterId(): string {
  return randomBytes(16).toString('base64url').replace(/^-/, 'A');
}
