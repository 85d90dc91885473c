import { fromBase64, toBase64 } from '../protocol/json-codec';
import type { ComponentArtifacts } from '../protocol/types';
import type { PreparedComponent } from './engine';

/**
 * A prepared component (and its linked members) as it crosses Playwright's evaluate(), which
 * carries JSON: core modules as base64, and a component the page already holds as its hash only.
 */
type WireArtifacts = Omit<ComponentArtifacts, 'modules'> & { modules: Record<string, string> };
export type WirePrepared = Omit<PreparedComponent, 'artifacts' | 'link'> & {
  artifacts: WireArtifacts | string;
  link?: Omit<NonNullable<PreparedComponent['link']>, 'linked'> & {
    linked: (Omit<NonNullable<PreparedComponent['link']>['linked'][number], 'artifacts'> & { artifacts: WireArtifacts | string })[];
  };
};

/** `holds`: hashes the page keeps from earlier runs, sent as the hash alone. */
export function preparedToWire(p: PreparedComponent, holds: ReadonlySet<string>): WirePrepared {
  const wire = (a: ComponentArtifacts): WireArtifacts | string =>
    holds.has(a.hash) ? a.hash : { ...a, modules: Object.fromEntries(Object.entries(a.modules).map(([k, v]) => [k, toBase64(v)])) };
  const { artifacts, link, ...rest } = p;
  return { ...rest, artifacts: wire(artifacts), ...(link ? { link: { ...link, linked: link.linked.map((m) => ({ ...m, artifacts: wire(m.artifacts) })) } } : {}) };
}

/** The page's side: artifacts decoded, and kept by hash in `loaded` for later runs that send the hash alone. */
export function preparedFromWire(w: WirePrepared, loaded: Map<string, ComponentArtifacts>): PreparedComponent {
  const unwire = (a: WireArtifacts | string): ComponentArtifacts => {
    if (typeof a === 'string') {
      const known = loaded.get(a);
      if (!known) throw new Error(`the engine page does not hold component ${a}`);
      return known;
    }
    const artifacts = { ...a, modules: Object.fromEntries(Object.entries(a.modules).map(([k, v]) => [k, fromBase64(v)])) };
    loaded.set(a.hash, artifacts);
    return artifacts;
  };
  const { artifacts, link, ...rest } = w;
  return { ...rest, artifacts: unwire(artifacts), ...(link ? { link: { ...link, linked: link.linked.map((m) => ({ ...m, artifacts: unwire(m.artifacts) })) } } : {}) };
}
