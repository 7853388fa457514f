import type pg from 'pg';

/**
 * On Citus, a deferred check that fails at COMMIT on a worker (the voucher-balance trigger)
 * reaches the client as `XX000 could not commit transaction for shard …`; the worker's own error
 * arrives just before it, as a WARNING notice with its SQLSTATE and message. This puts that error
 * back in place of the generic one, so a commit-time refusal has the code, message and constraint
 * it has on one server and maps to the same domain error (docs/scale-out.md). Elsewhere no such
 * error ever comes: a no-op.
 */
export function liftCommitWarnings(client: pg.PoolClient): void {
  let warnings: { severity?: string; code?: string; message?: string; detail?: string; constraint?: string }[] = [];
  client.on('notice', (n) => {
    if (n.severity === 'WARNING' && n.code && !n.code.startsWith('01')) warnings.push(n);
  });
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    warnings = [];
    const r = query(...args);
    if (!(r instanceof Promise)) return r;
    return r.catch((err: { code?: string; message?: string }) => {
      const worker = warnings[0];
      if (!worker || err?.code !== 'XX000' || !/could not commit transaction for shard/.test(String(err.message))) throw err;
      throw Object.assign(new Error(String(worker.message)), {
        name: 'error',
        severity: 'ERROR',
        code: worker.code,
        detail: worker.detail,
        // Citus does not forward the constraint name: the balance trigger's is known by its message.
        constraint: worker.constraint ?? (worker.code === '23514' && /does not balance/.test(String(worker.message)) ? 'voucher_balanced' : undefined),
        commitError: err,
      });
    });
  };
}
