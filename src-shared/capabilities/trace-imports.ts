import { ExitSignal, isDenied, takeRefusalDetail, type ImportObject } from './imports';
import { summarize, type Tracer } from './trace';

/**
 * Wraps every import function and every resource instance they hand out so that each call,
 * resource methods included, is recorded. Shim methods use #private fields, so proxies are
 * unwrapped before anything is handed back to the shim.
 */
export function traceImports(imports: ImportObject, tracer: Tracer): ImportObject {
  const proxyOf = new WeakMap<object, object>();
  const targetOf = new WeakMap<object, object>();

  const unwrap = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(unwrap);
    return targetOf.get(v) ?? v;
  };

  const isResource = (v: unknown): v is object => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto !== Object.prototype && proto !== null && typeof (v as { then?: unknown }).then !== 'function';
  };

  const wrapResult = (v: unknown): unknown => {
    // Tuples nest (preopens are a list of [descriptor, path]): look into every level.
    if (Array.isArray(v)) return v.some((x) => isResource(x) || Array.isArray(x)) ? v.map(wrapResult) : v;
    if (!isResource(v)) return v;
    let proxy = proxyOf.get(v);
    if (!proxy) {
      proxy = resourceProxy(v);
      proxyOf.set(v, proxy);
      targetOf.set(proxy, v);
    }
    return proxy;
  };

  const call = (iface: string, name: string, fn: Function, self: unknown, args: unknown[]): unknown => {
    const began = tracer.clock();
    takeRefusalDetail(); // a refusal belongs to the call that raised it, not to a later one
    const plain = args.map(unwrap);
    const shownArgs = () => plain.map((a) => summarize(a)).join(', ');
    try {
      const result = wrapResult(Reflect.apply(fn, self, plain));
      tracer.record(iface, name, () => [shownArgs(), summarize(result)], false, false, began);
      return result;
    } catch (err) {
      if (!(err instanceof ExitSignal)) {
        const why = takeRefusalDetail();
        const shown = () => (err instanceof Error ? `trap: ${err.message}` : `error: ${summarize(err)}`) + (why ? ` (${why})` : '');
        tracer.record(iface, name, () => [shownArgs(), shown()], why !== null || isDenied(fn), true, began);
      } else {
        tracer.record(iface, name, () => [String(err.code), ''], false, false, began);
      }
      throw err;
    }
  };

  // Which interface defines each resource class, so a method is shown under its own interface.
  const ifaceOfProto = new Map<object, { iface: string; name: string }>();
  for (const [iface, members] of Object.entries(imports)) {
    for (const [name, member] of Object.entries(members)) {
      if (typeof member === 'function' && isClass(member)) ifaceOfProto.set(member.prototype, { iface, name });
    }
  }
  const ownerOf = (target: object): { iface: string; name: string } => {
    for (let p = Object.getPrototypeOf(target); p; p = Object.getPrototypeOf(p)) {
      const owner = ifaceOfProto.get(p);
      if (owner) return owner;
    }
    return { iface: 'host', name: Object.getPrototypeOf(target)?.constructor?.name ?? 'resource' };
  };

  const resourceProxy = (target: object): object => {
    const { iface, name } = ownerOf(target);
    const label = `[method]${kebab(name)}.`;
    // One wrapper per method and resource, made on first use: a stream written 20,000 times reuses it.
    const wrappers = new Map<PropertyKey, { of: Function; wrapper: Function }>();
    return new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t);
        if (typeof value !== 'function' || prop === 'constructor') return value;
        const cached = wrappers.get(prop);
        if (cached && cached.of === value) return cached.wrapper;
        // Symbol-keyed methods are not WASI calls (the glue drops a resource with rsc[Symbol.dispose]()),
        // but they use #private fields too: run them on the target, untraced.
        const fnName = typeof prop === 'string' ? label + kebab(prop) : null;
        const wrapper =
          fnName === null
            ? (...args: unknown[]) => Reflect.apply(value, t, args.map(unwrap))
            : (...args: unknown[]) => call(iface, fnName, value, t, args);
        wrappers.set(prop, { of: value, wrapper });
        return wrapper;
      },
    });
  };

  const out: ImportObject = {};
  for (const [iface, members] of Object.entries(imports)) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(members)) {
      if (typeof member !== 'function' || isClass(member)) {
        // Resource classes stay as they are: the glue's instanceof checks see through instance proxies.
        wrapped[name] = member;
        continue;
      }
      const fn = member as Function;
      const fnName = kebab(name);
      wrapped[name] = (...args: unknown[]) => call(iface, fnName, fn, undefined, args);
    }
    out[iface] = wrapped;
  }
  return out;
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());
}
