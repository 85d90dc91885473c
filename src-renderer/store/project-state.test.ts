import { describe, expect, it } from 'vitest';
import { storeOverFakeClient } from './fake-client';
import { GLOBAL_STATE, PROJECT_STATE } from './project-state';

const dataKeys = (state: object) => Object.entries(state).filter(([, v]) => typeof v !== 'function').map(([k]) => k);

describe('per-project and global state', () => {
  const { store } = storeOverFakeClient({});
  const state = store.getState();

  it('every data field of every slice is either per-project or declared global', () => {
    const placed = new Set<string>([...PROJECT_STATE, ...GLOBAL_STATE]);
    expect(dataKeys(state).filter((k) => !placed.has(k))).toEqual([]);
  });

  it('no field is both, and every listed field exists', () => {
    expect(PROJECT_STATE.filter((k) => (GLOBAL_STATE as readonly string[]).includes(k))).toEqual([]);
    const keys = new Set(dataKeys(state));
    expect([...PROJECT_STATE, ...GLOBAL_STATE].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('resetProject puts every per-project field back and leaves the global ones', () => {
    const first = store.getState();
    store.setState({ buildError: 'old', notice: 'old', callTarget: 'greet', bottomTab: 'trace', paletteOpen: true, copiesDir: '/kept' });
    store.getState().resetProject();
    const s = store.getState();
    for (const k of PROJECT_STATE) expect(s[k], k).toEqual(first[k]);
    expect(s).toMatchObject({ paletteOpen: true, copiesDir: '/kept' });
  });
});
