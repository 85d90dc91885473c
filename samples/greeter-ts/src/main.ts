// greeter-ts: implements the world in wit/world.wit. The build type-checks this module against
// the world's declarations (generated into types/ on each build), strips the types, then
// componentizes the JavaScript.
import { exclaim } from './punctuation.ts';

export function greet(name: string): string {
  const who: string = name.trim() || 'stranger';
  return exclaim(`Hello, ${who}`) + ' (from TypeScript)';
}
