import { describe, expect, it } from 'vitest';
import type { StudioClient } from '../../src-shared/protocol/api';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { testEngines } from './fake-client';
import { createStudioStore } from './store';
import { publishWitProblems, selectWitProblemList } from './wit-problems-slice';

function makeStore() {
  const client = { call: async () => ({}) as never, on: () => () => {} } as unknown as StudioClient;
  return createStudioStore({ client, engines: testEngines(client), newRunId: () => 'r' });
}

const problem = (file: string, line: number): Diagnostic => ({ file, line, column: 3, severity: 'error', message: 'bad', source: 'wit' });

describe('live WIT problems', () => {
  it('follows what the WIT diagnostics publish, per file, and forgets fixed files', () => {
    const store = makeStore();
    expect(selectWitProblemList(store.getState())).toEqual([]);
    publishWitProblems('wit/world.wit', [problem('wit/world.wit', 6)]);
    publishWitProblems('wit/a.wit', [problem('wit/a.wit', 1)]);
    const list = selectWitProblemList(store.getState());
    expect(list.map((d) => `${d.file}:${d.line}`)).toEqual(['wit/a.wit:1', 'wit/world.wit:6']);
    // Stable while nothing changed (zustand selectors).
    expect(selectWitProblemList(store.getState())).toBe(list);
    publishWitProblems('wit/world.wit', []);
    expect(Object.keys(store.getState().witProblems)).toEqual(['wit/a.wit']);
    // A store created later starts from the current problems.
    expect(Object.keys(makeStore().getState().witProblems)).toEqual(['wit/a.wit']);
    publishWitProblems('wit/a.wit', []);
    expect(selectWitProblemList(store.getState())).toEqual([]);
  });

  it('does not notify when a file without problems stays without problems', () => {
    const store = makeStore();
    let calls = 0;
    store.subscribe(() => calls++);
    publishWitProblems('wit/x.wit', []);
    expect(calls).toBe(0);
  });
});
