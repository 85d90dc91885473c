import { ExitSignal, isDenied, takeRefusalOf, type ImportObject } from './imports';
import { summarize, type TraceRecorder } from './trace';

/**
 * Wraps every import function and every resource instance they hand out so that each call,
 * resource methods included, is recorded. Shim methods use #private fields, so they always run
 * on the shim's own object, and wrappers are unwrapped before anything is handed back to the shim.
 *
 * A resource is handed to the glue as a stand-in object whose prototype chain is a per-class
 * object of traced methods over the shim's class: the glue's instanceof checks and its symbol
 * properties work as on the original, and a method call is an ordinary prototype lookup (a
 * Proxy's get trap on every property access cost more than the recording itself).
 * The shim's objects are never modified: some are shared beyond one run.
 */
export function traceImports(imports: ImportObject, tracer: TraceRecorder): ImportObject {
  const wrapperOf = new WeakMap<object, object>();
  const targetOf = new WeakMap<object, object>();
  const TARGET = Symbol('traced target');
  const self = (w: object): object => (w as { [TARGET]?: object })[TARGET] ?? w;

  const unwrap = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(unwrap);
    return targetOf.get(v) ?? v;
  };
  const unwrapAll = (args: unknown[]): unknown[] => {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === 'object' && a !== null && (Array.isArray(a) || targetOf.has(a))) return args.map(unwrap);
    }
    return args;
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
    let w = wrapperOf.get(v);
    if (!w) {
      w = standIn(v);
      wrapperOf.set(v, w);
      targetOf.set(w, v);
    }
    return w;
  };

  const call = (iface: string, name: string, fn: Function, thisArg: unknown, args: unknown[]): unknown => {
    const began = tracer.clock();
    takeRefusalOf(); // a refusal belongs to the call that raised it, not to a later one
    const plain = unwrapAll(args);
    const shownArgs = () => plain.map((a) => summarize(a)).join(', ');
    try {
      const result = wrapResult(Reflect.apply(fn, thisArg, plain));
      tracer.record(iface, name, () => [shownArgs(), summarize(result)], false, false, began);
      return result;
    } catch (err) {
      if (!(err instanceof ExitSignal)) {
        const refused = takeRefusalOf();
        const shown = () => (err instanceof Error ? `trap: ${err.message}` : `error: ${summarize(err)}`) + (refused?.why ? ` (${refused.why})` : '');
        tracer.record(iface, name, () => [shownArgs(), shown()], refused?.wall ? 'wall' : refused !== null || isDenied(fn), true, began);
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
  const ownerOf = (proto: object | null): { iface: string; name: string } => {
    for (let p = proto; p; p = Object.getPrototypeOf(p)) {
      const owner = ifaceOfProto.get(p);
      if (owner) return owner;
    }
    return { iface: 'host', name: (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'resource' };
  };

  /** Traced methods and forwarding accessors for one shim class, built on first use. */
  const tracedProtos = new Map<object, object>();
  const tracedProto = (proto: object): object => {
    let traced = tracedProtos.get(proto);
    if (traced) return traced;
    const { iface, name } = ownerOf(proto);
    const label = `[method]${kebab(name)}.`;
    const t: object = Object.create(proto);
    const seen = new Set<PropertyKey>(['constructor']);
    for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const key of Reflect.ownKeys(p)) {
        if (seen.has(key)) continue;
        seen.add(key);
        const d = Object.getOwnPropertyDescriptor(p, key)!;
        if (typeof d.value === 'function') {
          // The method is read from the target at each call, not taken from the prototype: the
          // target may itself be a Proxy (the mount guard's), whose get trap must see every call.
          // Symbol-keyed methods are not WASI calls (the glue drops a resource with rsc[Symbol.dispose]()),
          // but they use #private fields too: run them on the target, untraced.
          const fnName = typeof key === 'string' ? label + kebab(key) : '';
          const value =
            typeof key === 'string'
              ? function (this: object, ...args: unknown[]) {
                  const target = self(this) as Record<string, Function>;
                  return call(iface, fnName, target[key]!, target, args);
                }
              : function (this: object, ...args: unknown[]) {
                  const target = self(this) as Record<symbol, Function>;
                  return Reflect.apply(target[key]!, target, unwrapAll(args));
                };
          Object.defineProperty(t, key, { value, writable: true, configurable: true });
        } else if (d.get || d.set) {
          Object.defineProperty(t, key, forwarding(key));
        }
      }
    }
    tracedProtos.set(proto, t);
    return t;
  };

  const standIn = (target: object): object => {
    const w = Object.create(tracedProto(Object.getPrototypeOf(target))) as Record<PropertyKey, unknown>;
    Object.defineProperty(w, TARGET, { value: target });
    // Own properties of the shim's object (rare) stay live through the stand-in.
    for (const key of Reflect.ownKeys(target)) {
      const d = Object.getOwnPropertyDescriptor(target, key)!;
      const own = typeof d.value === 'function' ? (d.value as Function) : null;
      if (own) {
        const fnName = typeof key === 'string' ? `[method]${kebab(ownerOf(Object.getPrototypeOf(target)).name)}.${kebab(key)}` : null;
        const { iface } = ownerOf(Object.getPrototypeOf(target));
        Object.defineProperty(w, key, {
          value: fnName === null ? (...args: unknown[]) => Reflect.apply(own, target, unwrapAll(args)) : (...args: unknown[]) => call(iface, fnName, own, target, args),
          writable: true,
          configurable: true,
        });
      } else {
        Object.defineProperty(w, key, {
          get: () => Reflect.get(target, key),
          set: (v: unknown) => void Reflect.set(target, key, v),
          configurable: true,
        });
      }
    }
    return w;
  };

  function forwarding(key: PropertyKey): PropertyDescriptor {
    return {
      get(this: object) {
        return Reflect.get(self(this), key);
      },
      set(this: object, v: unknown) {
        Reflect.set(self(this), key, unwrap(v));
      },
      configurable: true,
    };
  }

  /**
   * A resource class as the glue sees it: its prototype, instanceof and symbol-keyed members are
   * the class's own (the glue's checks see through the stand-ins), while a constructor call and a
   * static method (outgoing-body.finish, response-outparam.set) are traced like any call: they take
   * the shim's objects, not stand-ins, and hand out stand-ins.
   */
  const tracedClass = (iface: string, name: string, cls: Function): Function => {
    const label = kebab(name);
    const statics = new Map<string, Function>();
    const construct = (...args: unknown[]) => Reflect.construct(cls, args) as object;
    return new Proxy(cls, {
      construct: (_target, args) => call(iface, `[constructor]${label}`, construct, undefined, args) as object,
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || typeof value !== 'function' || isClass(value)) return value;
        let traced = statics.get(key);
        if (!traced) {
          const fnName = `[static]${label}.${kebab(key)}`;
          traced = (...args: unknown[]) => call(iface, fnName, value, target, args);
          statics.set(key, traced);
        }
        return traced;
      },
    });
  };

  const out: ImportObject = {};
  for (const [iface, members] of Object.entries(imports)) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(members)) {
      if (typeof member === 'function' && isClass(member)) {
        wrapped[name] = tracedClass(iface, name, member);
        continue;
      }
      if (typeof member !== 'function') {
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
