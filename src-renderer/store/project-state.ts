import type { StudioState } from './store';

/** A field of the store that holds data (functions are actions, never reset). */
type DataKey = { [K in keyof StudioState]-?: StudioState[K] extends (...args: never[]) => unknown ? never : K }[keyof StudioState];

/** Everything that belongs to one project; a switch puts these back to their first values. */
export const PROJECT_STATE = [
  'openPath', 'reveal', 'buffers', 'conflicts', 'lastBackupAt', 'building', 'buildProgress', 'buildResult', 'buildSteps', 'buildError',
  'runs', 'history', 'description', 'composition', 'opened', 'bottomTab', 'calls', 'callTarget', 'callHistory', 'httpDraft', 'httpResponses', 'httpLoads', 'httpReuse', 'httpHistory', 'witProblems', 'creatingFile', 'notice', 'trust', 'trustPromptOpen',
] as const satisfies readonly DataKey[];

/**
 * What outlives a project switch: the open project itself and its load state (set by the switch),
 * the connection, the window's look, layout and view preferences, the toolchain's load state, the welcome screen's
 * lists and dialogs, and the disk-change signal (a sequence number its readers compare, not a value).
 */
export const GLOBAL_STATE = [
  'project', 'projectError', 'connected', 'lastDiskChange',
  'themeSetting', 'systemDark', 'paletteOpen', 'paletteMode', 'layout', 'wrapOutput', 'previewMarkdown', 'toolchain',
  'recent', 'samples', 'copiesDir', 'welcomeShown', 'dialog', 'openError', 'switching',
] as const satisfies readonly DataKey[];

/*
 * A new field must be placed in one of the two lists: this fails to type-check naming the field
 * until it is, so a panel's state cannot leak from one project into the next by omission.
 */
type Unplaced = Exclude<DataKey, (typeof PROJECT_STATE)[number] | (typeof GLOBAL_STATE)[number]>;
const everyFieldPlaced: [Unplaced] extends [never] ? true : { unplaced: Unplaced } = true;
void everyFieldPlaced;
