import type { StudioClient } from '../../src-shared/protocol/api';
import { electronClient, type PreloadBridge } from './electron-client';
import { websocketClient } from './websocket-client';

/** Chosen once at start: the Electron preload when present, else browser mode's WebSocket. */
export function connectStudio(onStatus?: (connected: boolean) => void): { client: StudioClient; transport: 'electron' | 'browser' } {
  const bridge = (window as unknown as { studioBridge?: PreloadBridge }).studioBridge;
  if (bridge) return { client: electronClient(bridge), transport: 'electron' };
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return { client: websocketClient(`${scheme}://${location.host}/rpc`, onStatus), transport: 'browser' };
}
