import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createAppStores, StoresProvider } from './app/stores.js';
import { createHubClient } from './hub/client.js';
import './styles.css';

const stores = createAppStores(createHubClient());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
