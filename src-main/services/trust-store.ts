import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectTrust, TrustGrant } from '../../src-shared/protocol/types';
import { writeAtomic } from '../fs-safe';
import { covers } from './trust-grants';

export const TRUST_FILE = 'trust.json';

interface Entry {
  /** The folder's real path: a link to it, or the same folder reached another way, is one entry. */
  dir: string;
  trusted: string[];
  refused: string[];
  at: number;
}

interface Stored {
  version: 1;
  folders: Entry[];
}

/**
 * The user's answers to "do you trust this project?", per folder, in trust.json in the user's
 * config folder (never in the project, which could then vouch for itself). What was approved is
 * kept grant by grant, so a studio.json that later asks for something new is asked about again;
 * asking for less never asks. Written atomically, like recent.json; an unreadable file trusts nothing.
 */
export class TrustStore {
  readonly file: string;

  constructor(
    readonly configDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(configDir, TRUST_FILE);
  }

  private read(): Entry[] {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
      if (data?.version !== 1 || !Array.isArray(data.folders)) return [];
      const strings = (a: unknown) => Array.isArray(a) && a.every((s) => typeof s === 'string');
      return data.folders.filter((f) => typeof f?.dir === 'string' && strings(f.trusted) && strings(f.refused));
    } catch {
      return [];
    }
  }

  private write(folders: Entry[]): void {
    mkdirSync(this.configDir, { recursive: true });
    writeAtomic(this.file, JSON.stringify({ version: 1, folders } satisfies Stored, null, 2) + '\n');
  }

  /** Where a folder stands, given what its studio.json asks for beyond it now. */
  status(dir: string, grants: TrustGrant[]): ProjectTrust {
    const entry = this.read().find((f) => f.dir === realpathSync(dir));
    const trusted = new Set(entry?.trusted ?? []);
    const refused = new Set(entry?.refused ?? []);
    const pending = grants.filter((g) => !covers(trusted, g.id));
    const state = pending.length === 0 ? 'trusted' : pending.every((g) => refused.has(g.id)) ? 'refused' : 'ask';
    return { state, grants, pending };
  }

  /**
   * Records the user's answer about the grants they were shown (ids), and only those: a grant
   * studio.json added while the question was on screen stays pending.
   */
  decide(dir: string, ids: string[], trust: boolean): void {
    const real = realpathSync(dir);
    const all = this.read();
    const entry = all.find((f) => f.dir === real) ?? { dir: real, trusted: [], refused: [], at: 0 };
    const answered = new Set(ids);
    const trusted = new Set(entry.trusted);
    const refused = new Set(entry.refused);
    for (const id of answered) {
      if (trust) {
        trusted.add(id);
        refused.delete(id);
      } else if (!covers(trusted, id)) refused.add(id);
    }
    const next = { dir: real, trusted: [...trusted].sort(), refused: [...refused].sort(), at: this.now() };
    this.write([next, ...all.filter((f) => f.dir !== real)]);
  }
}
