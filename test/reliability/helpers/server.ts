import net from 'node:net';
import { ServerProcess } from '../../helpers/server-process.js';

/** A port the kernel says is free now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * ServerProcess on a port chosen by the kernel. ServerProcess numbers its ports from the pid
 * (39500 + pid % 200 × 2, then +1 per server), so two test processes whose pids are 1 apart
 * share ports from their second server on: start() then sees the OTHER process's server answer
 * /healthz and the test talks to a foreign database. A free port avoids that.
 */
class OwnPortServer extends ServerProcess {
  override readonly port: number;
  constructor(env: Record<string, string>, port: number) {
    super(env);
    this.port = port;
  }

  override async start(timeoutMs?: number): Promise<number> {
    const ms = await super.start(timeoutMs);
    // Our process must be the one that answered (it exits on EADDRINUSE).
    await new Promise((r) => setTimeout(r, 100));
    if (this.proc?.exitCode !== null) throw new Error(`server exited after start (port ${this.port} taken?): ${this.stderr.slice(-1000)}`);
    return ms;
  }
}

export async function newServer(env: Record<string, string>): Promise<ServerProcess> {
  return new OwnPortServer(env, await freePort());
}
