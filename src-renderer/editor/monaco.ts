import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import { registerLanguages } from './languages';
import { registerWitLanguage } from './wit/providers';

// Monaco's language services run in Web Workers bundled by Vite; nothing is fetched from a CDN.
(self as unknown as { MonacoEnvironment: object }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    if (label === 'json') return new JsonWorker();
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

registerLanguages(monaco);
registerWitLanguage(monaco);

export { monaco };

// Monaco's TypeScript checker should judge project sources as the build does: ES modules resolved
// like a bundler, with `.ts` extensions allowed in imports (greeter-ts imports './punctuation.ts').
monaco.typescript.typescriptDefaults.setCompilerOptions({
  ...monaco.typescript.typescriptDefaults.getCompilerOptions(),
  target: monaco.typescript.ScriptTarget.ES2020,
  module: monaco.typescript.ModuleKind.ESNext,
  moduleResolution: 100 as never, // bundler: absent from Monaco's enum, understood by its TypeScript
  allowImportingTsExtensions: true,
  noEmit: true,
  allowNonTsExtensions: true,
});
