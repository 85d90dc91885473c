/** The only IPC channels between the renderer and main. */
export const IPC = {
  request: 'studio:request',
  event: 'studio:event',
} as const;
