// greeter-js: implements the world in wit/world.wit. Each WIT export is an export of this module
// (WIT names in kebab-case become camelCase).

/**
 * @param {string} name
 * @returns {string}
 */
export function greet(name) {
  const who = name.trim() || 'stranger';
  return `Hello, ${who}! (from JavaScript)`;
}
