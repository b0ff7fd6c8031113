// The window's entry: the only place that reads the preload's API off `window`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
// A window opened on a view says which in its URL hash (`#settings`).
const initialTab = window.location.hash === '#settings' ? 'settings' : 'status';
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    {window.comfywatch ? (
      <App api={window.comfywatch} initialTab={initialTab} />
    ) : (
      <p className="load-error">ComfyWatch’s window must be opened by the app: its API is missing.</p>
    )}
  </StrictMode>,
);
