import type { EventSink, RequestName, StudioHandlers } from '../../src-shared/protocol/api';
import { StudioError } from '../../src-shared/protocol/envelope';
import { requestSchemas } from '../../src-shared/protocol/schemas';
import { createStudio, type Studio } from './studio';

/**
 * What a transport serves: the open project's handlers, or, when the folder given could not be
 * opened, handlers that answer every request with why, so the UI stays up and says so.
 */
export function openSession(projectDir: string, emit: EventSink): { handlers: StudioHandlers; studio: Studio | null; error: string | null } {
  try {
    const studio = createStudio(projectDir, emit);
    return { handlers: studio.handlers, studio, error: null };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const code = err instanceof StudioError ? err.code : 'no-project';
    const refuse = async () => {
      throw new StudioError(code, error);
    };
    const names = Object.keys(requestSchemas) as RequestName[];
    return { handlers: Object.fromEntries(names.map((n) => [n, refuse])) as unknown as StudioHandlers, studio: null, error };
  }
}
