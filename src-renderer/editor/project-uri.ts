import { monaco } from './monaco';

/** Project files are Monaco models at project:/<path>. */
export const PROJECT_SCHEME = 'project';
export const uriOf = (path: string) => monaco.Uri.from({ scheme: PROJECT_SCHEME, path: '/' + path });
export const pathOf = (uri: monaco.Uri) => uri.path.slice(1);
