import net from 'node:net';

/**
 * A TCP relay in front of PostgreSQL that counts the SQL statements its clients send: each
 * simple-protocol Query message and each extended-protocol Execute message is one statement.
 * It reads only the frontend's message headers, so it works whatever driver, ORM or code sends
 * them (clients must not ask for TLS: the relay is for loopback benchmarks).
 */
export class StatementCounter {
  statements = 0;
  /** True once a connection sent something this could not read (its statements went uncounted). */
  lost = false;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<number> {
    this.server = net.createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server!.address() as net.AddressInfo).port;
  }

  private relay(client: net.Socket) {
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.pipe(client);
    // The startup message has no type byte; every later message is a type byte and a length.
    let started = false;
    let pending: Buffer = Buffer.alloc(0);
    let unreadable = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (unreadable) return;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!started) {
          if (pending.length < 4) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          pending = pending.subarray(length);
          started = true;
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1);
        if (length < 4) {
          // Not the protocol this reads: the count can no longer be trusted.
          this.lost = unreadable = true;
          break;
        }
        if (pending.length < 1 + length) break;
        const type = String.fromCharCode(pending.readUInt8(0));
        if (type === 'Q' || type === 'E') this.statements++;
        pending = pending.subarray(1 + length);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
