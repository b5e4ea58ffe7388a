/**
 * node:crypto and node:stream for the public routes that wire no port, loaded on first use
 * instead of at cold start (issue #13). Their bundles hold third-party modules that import
 * these builtins at module scope without using them at import: Powertools' Logger takes
 * `randomInt` for debug sampling, ulid takes node:crypto as a fallback PRNG, middy takes
 * node:stream, node:stream/promises and node:stream/web for streamed responses, which no
 * route uses. Loaded alone they cost ~9.5 ms of CPU on node 20 (crypto 3.6, the three stream
 * modules 5.9) and more on node 24; in such a route, whose logger's Console over stdout
 * loads node's stream core anyway, deferring them takes 3.3–3.8 ms off its import on node 20
 * and 8–9 ms on node 24 (BENCHMARKS.md, "Handler bundles").
 *
 * The CDK's esbuild aliases the builtins to these modules for those functions only
 * (cdk/bundling-options.ts, `LAZY_BUILTIN_ALIASES`); esbuild refuses to bundle an import of a
 * name they do not export. Each export stands for the builtin's own value and loads the
 * builtin (`process.getBuiltinModule`, which no alias rewrites) the first time it is called,
 * constructed, tested with `instanceof` or read from.
 */

/** A stand-in for the function or class `load` returns, loading it on first use. */
export function lazyValue<T extends object>(load: () => T): T {
  let value: T | undefined;
  const real = (): T => {
    value ??= load();
    return value;
  };
  // A function target, so the stand-in can be called and constructed like the real one.
  return new Proxy(function lazyBuiltin() {} as unknown as T, {
    apply: (_target, self, args) =>
      Reflect.apply(real() as (...a: unknown[]) => unknown, self, args),
    construct: (_target, args, newTarget) =>
      Reflect.construct(
        real() as new (
          ...a: unknown[]
        ) => object,
        args,
        newTarget === _target ? (real() as new (...a: unknown[]) => object) : newTarget,
      ),
    get: (_target, key) => Reflect.get(real(), key),
    has: (_target, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

/** A stand-in for a module object, whose properties load it on first read. */
export function lazyModule<T extends object>(load: () => T): T {
  let value: T | undefined;
  const real = (): T => {
    value ??= load();
    return value;
  };
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(real(), key),
    has: (_target, key) => Reflect.has(real(), key),
  });
}
