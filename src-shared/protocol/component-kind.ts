/** A command is a component that exports wasi:cli/run (any version); anything else is a library, used through its exports. */
export const isCommand = (exports: readonly string[]): boolean => exports.some((e) => e.replace(/@.*$/, '') === 'wasi:cli/run');
