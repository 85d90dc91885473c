import { realpathSync } from 'node:fs';
import { StudioError } from '../../src-shared/protocol/envelope';
import type { ProjectConfig, ProjectTrust, TrustGrant } from '../../src-shared/protocol/types';
import { covers, grantsBeyondFolder, isInside, unscopedId } from './trust-grants';
import { projectMembers } from '../../src-shared/protocol/members';
import type { TrustStore } from './trust-store';

export interface TrustOptions {
  store: TrustStore;
  /** The command line's --trust: trusted for this process only, nothing recorded. */
  trustAll?: boolean;
  /** The shipped samples' folder: a project inside it is trusted as it is. */
  samplesDir?: string;
  /** Grant ids the user typed on the command line: their own, so the project needs no trust for them. */
  typed?: string[];
}

/** The refusal a build, run or call of a project not trusted yet gets, listing what it asks for. */
export function untrustedMessage(action: string, pending: TrustGrant[]): string {
  return (
    `${action} refused: this project is not trusted, and its studio.json asks for more than its own folder. It asks to:\n` +
    pending.map((g) => `  - ${g.text}`).join('\n') +
    '\nTrust the project to allow these (in the studio: Review trust…; on the command line: add --trust).'
  );
}

/**
 * The one gate in front of Build, Run and Call of a project (the services call it, so every
 * transport and the CLI go through it): judged anew from studio.json as it is at that moment, so
 * an edit that adds a grant beyond the folder is stopped at the next run, not at the next open.
 */
export class ProjectTrustGate {
  constructor(
    private readonly dir: string,
    private readonly options: TrustOptions,
  ) {}

  status(project: ProjectConfig): ProjectTrust {
    const grants = grantsBeyondFolder(this.dir, project);
    if (grants.length === 0 || this.options.trustAll || this.shipped()) return { state: 'trusted', grants, pending: [] };
    const typed = new Set(this.options.typed);
    // Typed flags grant the root (what Run runs); another member's asks stay its own to approve.
    const root = projectMembers(project)[0]!.name;
    const own = (g: TrustGrant) => !g.member || g.member === root;
    const s = this.options.store.status(this.dir, grants.filter((g) => !(own(g) && covers(typed, unscopedId(g)))));
    return { ...s, grants };
  }

  check(project: ProjectConfig, action: 'Build' | 'Run' | 'Call'): void {
    const s = this.status(project);
    if (s.state !== 'trusted') throw new StudioError('untrusted', untrustedMessage(action, s.pending));
  }

  /** Records the user's answer for the grants they were shown that studio.json still asks for. */
  decide(project: ProjectConfig, ids: string[], trust: boolean): ProjectTrust {
    const asked = new Set(grantsBeyondFolder(this.dir, project).map((g) => g.id));
    const answered = ids.filter((id) => asked.has(id));
    if (answered.length) this.options.store.decide(this.dir, answered, trust);
    return this.status(project);
  }

  /**
   * Grants the user typed into the studio's policy editor are the user's own, like flags typed
   * on the command line: what a policy change adds beyond the folder is recorded as trusted.
   */
  approveAdded(before: ProjectConfig, after: ProjectConfig): void {
    const old = new Set(grantsBeyondFolder(this.dir, before).map((g) => g.id));
    const added = grantsBeyondFolder(this.dir, after).filter((g) => !old.has(g.id)).map((g) => g.id);
    if (added.length) this.options.store.decide(this.dir, added, true);
  }

  private shipped(): boolean {
    if (!this.options.samplesDir) return false;
    try {
      return isInside(realpathSync(this.dir), realpathSync(this.options.samplesDir));
    } catch {
      return false;
    }
  }
}
