import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay in front of a server we cannot stop or break ourselves (a real Vault):
 * `stop()`/`restart()` make an outage on a fixed port, `dropNextResponses(n)` lets requests
 * through but cuts the connection as the answer comes back, the "was my write applied?" case.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private running = false;
  private responsesToDrop = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.relay(client));
  }

  static async start(targetUrl: string): Promise<TcpProxy> {
    const url = new URL(targetUrl);
    const proxy = new TcpProxy({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    });
    await proxy.listen(0);
    return proxy;
  }

  /** The proxy's URL, same scheme as the target's (TLS passes through untouched). */
  address(scheme = 'http'): string {
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  dropNextResponses(count: number): void {
    this.responsesToDrop = count;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async restart(): Promise<void> {
    if (!this.running) await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        this.running = true;
        resolve();
      });
    });
  }

  private relay(client: Socket): void {
    const upstream = createConnection(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (this.responsesToDrop > 0) {
        this.responsesToDrop -= 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }
}
