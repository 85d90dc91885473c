// Monarch (syntax highlighting) definition for WIT, covering the component-model WIT.md grammar:
// packages and nested package blocks, worlds, interfaces, use/include paths with versions,
// type definitions, func types (incl. async/static/constructor), built-in and handle types,
// %-escaped identifiers, `///` and `/** */` docs, nested `/* */` comments and feature gates.
// Only `import type` from monaco-editor, so this module stays free of runtime Monaco imports.

import type * as Monaco from 'monaco-editor';
import { KEYWORDS, PRIMITIVE_TYPES, TYPE_CONSTRUCTORS } from '../../../src-shared/wit/lexer';

const TYPE_WORDS = new Set([...PRIMITIVE_TYPES, ...TYPE_CONSTRUCTORS]);

// A kebab-case label, optionally %-escaped. Written out as a string so rules can embed it.
const ID = String.raw`%?[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*`;
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`;
const re = (s: string) => new RegExp(s);

export const witMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.wit',
  keywords: [...KEYWORDS].filter((k) => !TYPE_WORDS.has(k)),
  typeKeywords: [...TYPE_WORDS],
  declKeywords: ['interface', 'world', 'record', 'variant', 'enum', 'flags', 'resource', 'type'],
  brackets: [
    { open: '{', close: '}', token: 'delimiter.curly' },
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
    { open: '<', close: '>', token: 'delimiter.angle' },
  ],
  tokenizer: {
    root: [
      { include: '@whitespace' },

      // Feature gates and annotations: @since(version = 0.2.0), @unstable(feature = x),
      // @deprecated(version = 0.2.2), @external-id("...").
      [/@(?:since|unstable|deprecated|external-id)\b/, { token: 'annotation', next: '@gate' }],

      // `package ns:name@1.2.3;` / `package a:b:c/d { ... }`
      [/package\b/, { token: 'keyword', next: '@packageName' }],

      // Declarations: the keyword and the declared name.
      [re(`(interface|world|record|variant|enum|flags|resource|type)(\\s+)(${ID})`), ['keyword', 'white', 'type.identifier']],

      // Functions: `name: func`, `name: async func`, `name: static func`, `name: static async func`.
      [re(`(${ID})(\\s*)(:)(?=\\s*(?:static\\s+)?(?:async\\s+)?func\\b)`), ['identifier.function', 'white', 'delimiter']],

      // Qualified paths: ns:pkg/iface@1.0.0 (also nested a:b:c/d/e).
      [re(`(?:${ID}:)+${ID}(?=\\/)`), 'namespace'],
      [re(`(\\/)(${ID})`), ['delimiter', 'type.identifier']],
      [re(`@${SEMVER}`), 'number.version'],

      // `use iface.{a, b as c}`: the interface before `.{`.
      [re(`(${ID})(?=\\.\\{)`), 'type.identifier'],

      // Named fields, parameters and plain-named imports/exports: `name:`.
      [re(`(${ID})(\\s*)(:)(?!:)`), ['variable', 'white', 'delimiter']],

      // Constructor and type keywords.
      [/constructor\b/, 'keyword'],
      [re(`${ID}`), {
        cases: {
          '%.*': 'identifier',
          '@typeKeywords': 'type',
          '@keywords': 'keyword',
          '@default': 'identifier',
        },
      }],

      [/\d+/, 'number'],
      [/->/, 'delimiter.arrow'],
      [/[{}()<>]/, '@brackets'],
      [/_(?![a-zA-Z0-9])/, 'keyword'],
      [/[=,:;.*\/@]/, 'delimiter'],
      [/"/, { token: 'string.quote', next: '@string' }],
      [/./, 'invalid'],
    ],

    gate: [
      { include: '@whitespace' },
      [/\(/, 'delimiter.parenthesis'],
      [/(version|feature)(\s*)(=)/, ['attribute.name', 'white', 'delimiter']],
      [re(SEMVER), 'number.version'],
      [re(ID), 'attribute.value'],
      [/"/, { token: 'string.quote', next: '@string' }],
      [/\)/, { token: 'delimiter.parenthesis', next: '@pop' }],
      [/./, { token: 'invalid', next: '@pop' }],
    ],

    packageName: [
      { include: '@whitespace' },
      [re(`(?:${ID}:)+${ID}(?:\\/${ID})*`), 'namespace'],
      [re(`@${SEMVER}`), 'number.version'],
      [/[;{]/, { token: '@rematch', next: '@pop' }],
      [/./, { token: '@rematch', next: '@pop' }],
    ],

    string: [
      [/[^"\\]+/, 'string'],
      [/\\(?:u\{[0-9a-fA-F]+\}|[0-9a-fA-F]{2}|[tnr"'\\])/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, { token: 'string.quote', next: '@pop' }],
    ],

    whitespace: [
      [/[ \t\r\n]+/, 'white'],
      [/\/\/\/(?!\/).*$/, 'comment.doc'],
      [/\/\/.*$/, 'comment'],
      [/\/\*\*(?![*/])/, { token: 'comment.doc', next: '@docComment' }],
      [/\/\*/, { token: 'comment', next: '@comment' }],
    ],

    // Block comments nest.
    comment: [
      [/[^/*]+/, 'comment'],
      [/\/\*/, { token: 'comment', next: '@push' }],
      [/\*\//, { token: 'comment', next: '@pop' }],
      [/[/*]/, 'comment'],
    ],
    docComment: [
      [/[^/*]+/, 'comment.doc'],
      [/\/\*/, { token: 'comment.doc', next: '@push' }],
      [/\*\//, { token: 'comment.doc', next: '@pop' }],
      [/[/*]/, 'comment.doc'],
    ],
  },
};

export const witLanguageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [['{', '}'], ['(', ')'], ['<', '>']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '<', close: '>', notIn: ['comment', 'string'] },
    { open: '"', close: '"', notIn: ['comment', 'string'] },
    { open: '/**', close: ' */', notIn: ['string'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '<', close: '>' },
  ],
  // Kebab-case identifiers (with an optional `%`) are one word for hover, completion and selection.
  wordPattern: /%?[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*|\d+(?:\.\d+)*/,
  indentationRules: {
    increaseIndentPattern: /^.*(\{[^}"']*|\([^)"']*)$/,
    decreaseIndentPattern: /^\s*[})]/,
  },
  onEnterRules: [
    // Continue `///` doc comments.
    { beforeText: /^\s*\/\/\/.*$/, action: { indentAction: 0, appendText: '/// ' } },
  ],
  folding: { markers: { start: /^\s*\/\/\s*#?region\b/, end: /^\s*\/\/\s*#?endregion\b/ } },
};
