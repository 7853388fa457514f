import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (ajv for requests, fast-json-stringify for replies), each route's
 * function compiled on its first use instead of at start. Compiling every route's schemas at
 * `ready()` was a third of the server's start (~0.9 s of 2.6 s on this machine, docs/performance.md
 * "Start"); the same compilers with the same options build the same functions, only later. The
 * server compiles what is still pending in the background once it listens (warmCompilers), so a
 * route's first request rarely pays for it; test apps, which call a handful of routes, never do.
 */

type AnyFn = (...args: never[]) => unknown;
type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/** One app's deferred compiles: Fastify's compilers factory, and what is still to compile. */
export class LazyCompilers {
  /** The compiles not done yet, each a function that does it (and removes itself). */
  private readonly pending = new Set<() => void>();
  private stopped = false;

  /** Fastify's `schemaController.compilersFactory`: its default compilers, deferred per route. */
  factory(): { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory } {
    const validators = AjvCompiler();
    const serializers = SerializerSelector();
    const buildValidator = ((externalSchemas: Parameters<ValidatorFactory>[0], options: Parameters<ValidatorFactory>[1]) => {
      const compile = validators(externalSchemas, options);
      return (route: Parameters<typeof compile>[0]) => this.deferred(() => compile(route), true);
    }) as ValidatorFactory;
    const buildSerializer = ((externalSchemas: Parameters<SerializerFactory>[0], options: Parameters<SerializerFactory>[1]) => {
      const compile = serializers(externalSchemas, options);
      return (route: Parameters<typeof compile>[0]) => this.deferred(() => compile(route), false);
    }) as SerializerFactory;
    return { buildValidator, buildSerializer };
  }

  private deferred<F extends AnyFn>(build: () => F, exposeErrors: boolean): F {
    let fn: F | undefined;
    const force = (): F => {
      if (!fn) {
        fn = build();
        this.pending.delete(force);
      }
      return fn;
    };
    this.pending.add(force);
    const call = function (this: unknown, ...args: never[]) {
      return (fn ?? force()).apply(this, args);
    };
    // Fastify reads a failed validation's reasons from the validator's `errors` after the call.
    if (exposeErrors) Object.defineProperty(call, 'errors', { get: () => (fn as { errors?: unknown } | undefined)?.errors ?? null });
    return call as unknown as F;
  }

  /** How many route schemas are not compiled yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Compiles every pending schema now; throws the first compile error (tests: every schema compiles). */
  compileAll(): void {
    for (const force of [...this.pending]) force();
  }

  /**
   * Compiles the pending schemas in the background, one per turn of the event loop (a request
   * that arrives meanwhile waits for at most one compile). A schema that fails to compile is
   * reported and left to fail its route's requests, as Fastify would have refused it at start.
   */
  warm(onError: (e: Error) => void): void {
    const step = () => {
      const next = this.pending.values().next();
      if (this.stopped || next.done) return;
      try {
        next.value();
      } catch (e) {
        this.pending.delete(next.value);
        onError(e as Error);
      }
      setImmediate(step);
    };
    setImmediate(step);
  }

  /** Stops warming and lets go of what is pending (the app is closing). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }
}
