import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);
const ROLLBACK = Uint8Array.from([0x51, 0, 0, 0, 13, ...Buffer.from('ROLLBACK\0')]);

/**
 * Hands PGlite's single backend to one client session at a time, for a whole protocol
 * cycle: from a session's first message until the backend answers ReadyForQuery outside a
 * transaction. `pglite-socket` queues single messages instead, so one client's Bind could
 * meet another client's Parse on the shared unnamed statement, and answers went to the
 * wrong query. Here a cycle is the unit; interleaving inside one cannot happen.
 */
class BackendTurns {
  private holder: WireSession | undefined;
  private readonly waiting: { session: WireSession; grant: () => void }[] = [];

  async acquire(session: WireSession): Promise<void> {
    if (this.holder === session) return;
    if (!this.holder) {
      this.holder = session;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ session, grant }));
  }

  holds(session: WireSession): boolean {
    return this.holder === session;
  }

  release(session: WireSession): void {
    if (this.holder !== session) return;
    const next = this.waiting.shift();
    this.holder = next?.session;
    next?.grant();
  }
}

/** One client connection: reassembles its messages and runs them in order, a cycle per turn. */
class WireSession {
  private buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly turns: BackendTurns,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let message = this.nextMessage(); message; message = this.nextMessage()) {
      const current = message;
      this.work = this.work
        .then(() => this.run(current))
        .catch(() => {
          this.socket.destroy();
        });
    }
  }

  /** The next complete message, or undefined; answers SSL/GSS requests and drops cancels. */
  private nextMessage(): { type: number; bytes: Uint8Array } | undefined {
    if (!this.started) {
      if (this.buffer.length < 8) return undefined;
      const length = this.buffer.readInt32BE(0);
      const code = this.buffer.readInt32BE(4);
      if (this.buffer.length < length) return undefined;
      const bytes = new Uint8Array(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N');
        return this.nextMessage();
      }
      // PGlite has no backend process to signal; the client expects no answer.
      if (code === CANCEL_REQUEST) return this.nextMessage();
      if (code !== PROTOCOL_3) {
        this.socket.destroy();
        return undefined;
      }
      this.started = true;
      return { type: 0, bytes };
    }
    if (this.buffer.length < 5) return undefined;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return undefined;
    const bytes = new Uint8Array(this.buffer.subarray(0, length));
    this.buffer = this.buffer.subarray(length);
    return { type: bytes[0], bytes };
  }

  private async run(message: { type: number; bytes: Uint8Array }): Promise<void> {
    if (this.closed) return;
    await this.turns.acquire(this);
    if (this.closed) return this.endTurn();
    // Terminate: the backend session is shared, so it is not the client's to end.
    if (message.type === 0x58) {
      this.socket.end();
      return this.close();
    }
    let tail = Buffer.alloc(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message.bytes, {
        onRawData: (data) => {
          const copy = Buffer.from(data);
          tail = Buffer.concat([tail, copy]).subarray(-6);
          if (this.socket.writable) this.socket.write(copy);
        },
      }),
    );
    // A cycle ends with ReadyForQuery ('Z', length 5, status); outside a transaction the
    // backend is free for the next session.
    const cycleEnded = tail.length === 6 && tail[0] === 0x5a && tail.readInt32BE(1) === 5;
    if (cycleEnded && !this.db.isInTransaction()) this.turns.release(this);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    // Queued behind the session's own work, so the clean-up runs while it holds its turn.
    this.work = this.work.then(() => this.endTurn()).catch(() => undefined);
  }

  /**
   * A client that leaves mid-cycle or mid-transaction must not leave the shared backend in
   * its state: Sync ends a half-sent extended query, ROLLBACK an open transaction.
   */
  private async endTurn(): Promise<void> {
    if (!this.turns.holds(this)) return;
    try {
      await this.db.runExclusive(async () => {
        await this.db.execProtocolRaw(SYNC);
        if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK);
      });
    } finally {
      this.turns.release(this);
    }
  }
}

export interface PGliteWireServer {
  /** "host:port" */
  address: string;
  stop(): Promise<void>;
}

export async function servePGlite(db: PGlite, options: { host: string; port: number }): Promise<PGliteWireServer> {
  await db.waitReady;
  const turns = new BackendTurns();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new WireSession(socket, db, turns);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the PGlite wire server has no TCP address');
  return {
    address: `${options.host}:${address.port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
