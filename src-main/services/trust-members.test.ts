import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProject } from '../../src-shared/protocol/project';
import { policySchema } from '../../src-shared/capabilities/policy';
import type { RunnerPool } from '../host/engine/runner-pool';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import { createStudio } from './studio';
import { ProjectTrustGate } from './trust';
import { grantsBeyondFolder } from './trust-grants';
import { TrustStore } from './trust-store';

let root: string;
let dir: string;
let outside: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'trust-members-')));
  dir = join(root, 'project');
  outside = join(root, 'outside');
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(outside);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const composition = (app: object, lib: object) =>
  parseProject(JSON.stringify({ name: 'pair', components: [{ name: 'app', language: 'c', policy: app }, { name: 'lib', language: 'js', policy: lib }] }));
const mount = (host: string, mode = 'ro') => ({ mounts: [{ host, guest: '/data', mode }] });

describe('trust of a composition', () => {
  it('asks for every member’s grants beyond the folder, each named with its member', () => {
    const grants = grantsBeyondFolder(dir, composition({ env: [{ name: 'HOME' }] }, mount(outside, 'rw')));
    expect(grants.map((g) => [g.member, g.kind, g.text])).toEqual([
      ['app', 'env', expect.stringMatching(/^app: .*HOME/)],
      ['lib', 'mount', `lib: read, change, create and delete files in ${outside} (studio.json mounts "${outside}" at /data)`],
    ]);
    // A folder inside the project asks for nothing, whichever member mounts it.
    expect(grantsBeyondFolder(dir, composition({}, mount('data')))).toEqual([]);
  });

  it('one member’s ask is not another’s: the same folder asked by two members is two grants', () => {
    const grants = grantsBeyondFolder(dir, composition(mount(outside), mount(outside)));
    expect(grants.map((g) => g.member)).toEqual(['app', 'lib']);
    expect(new Set(grants.map((g) => g.id)).size).toBe(2);
  });

  it('refuses an untrusted composition listing each member’s asks; approving one member’s grant does not approve another’s', () => {
    const store = new TrustStore(join(root, 'config'));
    const gate = new ProjectTrustGate(dir, { store });
    const onlyLib = composition({}, mount(outside));
    expect(() => gate.check(onlyLib, 'Run')).toThrow(new RegExp(`Run refused: .*\\n  - lib: read every file in ${outside}`, 's'));
    const [libGrant] = gate.status(onlyLib).pending;
    expect(gate.decide(onlyLib, [libGrant!.id], true).state).toBe('trusted');
    expect(() => gate.check(onlyLib, 'Build')).not.toThrow();

    // Now the app asks for the very folder the library was trusted with: asked anew, for the app.
    const both = composition(mount(outside), mount(outside));
    expect(gate.status(both).pending.map((g) => g.text)).toEqual([`app: read every file in ${outside} (studio.json mounts "${outside}" at /data)`]);
    // A read-write approval covers a read-only ask of the same member only.
    const store2 = new TrustStore(join(root, 'config2'));
    const gate2 = new ProjectTrustGate(dir, { store: store2 });
    const rw = composition({}, mount(outside, 'rw'));
    gate2.decide(rw, gate2.status(rw).pending.map((g) => g.id), true);
    expect(gate2.status(composition({}, mount(outside))).state).toBe('trusted');
    expect(gate2.status(composition(mount(outside), {})).state).toBe('ask');
  });

  it('flags typed on the command line grant the root only', () => {
    const typed = grantsBeyondFolder(dir, parseProject(JSON.stringify({ name: 't', language: 'c', policy: mount(outside) }))).map((g) => g.id);
    const gate = new ProjectTrustGate(dir, { store: new TrustStore(join(root, 'config')), typed });
    expect(gate.status(composition(mount(outside), {})).state).toBe('trusted');
    expect(gate.status(composition({}, mount(outside))).pending.map((g) => g.member)).toEqual(['lib']);
  });
});

describe('the policy editor in a composition', () => {
  it('writes the root member’s policy, leaving the others’ and the top level alone', async () => {
    const lib = { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }] };
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'pair', components: [{ name: 'app', language: 'c' }, { name: 'lib', language: 'js', policy: lib }] }));
    const idle = { warm: () => {}, dispose: () => {}, stopAll: async () => {} };
    const studio = createStudio(dir, () => {}, {
      toolchains: idle as unknown as ToolchainHost,
      runners: idle as unknown as RunnerPool,
      trust: { store: new TrustStore(join(root, 'config')) },
    });
    try {
      await studio.handlers['project.setPolicy']({ policy: { ...policySchema.parse({}), args: ['x'] } });
      const file = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
      expect(file.policy).toBeUndefined();
      expect(file.components[0].policy.args).toEqual(['x']);
      expect(file.components[1].policy).toEqual(lib);
      expect(studio.workspace.configProblem).toBeNull();
      expect(studio.workspace.project.policy.args).toEqual(['x']);
    } finally {
      studio.dispose();
    }
  });
});
