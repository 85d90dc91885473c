import type { Policy } from './policy';
import { CAPABILITY_REGISTRY, type Capability } from './registry';

export type { CapabilityId } from './registry';

const unversioned = (name: string) => name.replace(/@[^/]*$/, '');
/** A prefix ending in "/" or "-" names a whole package or family; anything else one interface. */
const asks = (iface: string, prefix: string) => {
  const name = unversioned(iface);
  return prefix.endsWith('/') || prefix.endsWith('-') ? name.startsWith(prefix) : name === prefix;
};

/** The capability a traced call belongs to (environment calls count as arguments). */
export function capabilityOf(iface: string): Capability | null {
  return CAPABILITY_REGISTRY.find((c) => c.interfaces.some((p) => asks(iface, p))) ?? null;
}

export interface CapabilityRow {
  capability: Capability;
  /** The component imports interfaces of this capability. */
  asked: string[];
  /** What the policy grants, in words; null when nothing is granted. */
  granted: string | null;
}

/** The inspector's rows: every capability, what the component asks for of it, and what it was granted. */
export function capabilityRows(imports: string[], policy: Policy): CapabilityRow[] {
  return CAPABILITY_REGISTRY.map((capability) => ({
    capability,
    asked: imports.filter((i) => capability.interfaces.some((p) => asks(i, p))),
    granted: capability.granted(policy),
  }));
}
