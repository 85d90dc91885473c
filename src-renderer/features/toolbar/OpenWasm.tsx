import { useEffect, useRef } from 'react';
import { useStudio, useStudioStore } from '../../store/use-studio';

/** "Open .wasm…" and dropping a .wasm anywhere on the window: any component or wasip1 module, run as is. */
export function OpenWasm() {
  const store = useStudioStore();
  const input = useRef<HTMLInputElement>(null);
  const opened = useStudio((s) => s.opened);
  const open = async (file: File) => store.getState().openComponent(file.name, new Uint8Array(await file.arrayBuffer()));

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void open(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });

  return (
    <>
      <button title="Open a .wasm component or wasip1 module (or drop one on the window)" onClick={() => input.current?.click()}>
        Open .wasm…
      </button>
      <input
        ref={input}
        type="file"
        accept=".wasm,application/wasm"
        hidden
        data-testid="open-wasm-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
      {opened && (
        <span className="opened-chip" data-testid="opened-component" title="Build returns to the project's own sources">
          {opened.name}
          {opened.adapted ? ' (adapted)' : ''}
        </span>
      )}
    </>
  );
}
