import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectStudio } from './bridge/connect';
import { studioEngines } from './engines';
import { createStudioStore } from './store/store';
import { StoreContext } from './store/use-studio';
import './styles.css';

let store: ReturnType<typeof createStudioStore> | null = null;
const { client, transport } = connectStudio((connected) => store?.getState().setConnected(connected));
store = createStudioStore({
  client,
  engines: studioEngines(client),
  newRunId: () => crypto.randomUUID(),
});
void store.getState().loadProject();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App transport={transport} />
    </StoreContext.Provider>
  </StrictMode>,
);
