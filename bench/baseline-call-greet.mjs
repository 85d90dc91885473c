// The baseline's last step: import a jco-transpiled greeter in a fresh Node process and call it.
// Usage: node baseline-call-greet.mjs TRANSPILED-MODULE NAME
import { pathToFileURL } from 'node:url';

const [file, who] = process.argv.slice(2);
const { greet } = await import(pathToFileURL(file).href);
console.log(greet(who));
