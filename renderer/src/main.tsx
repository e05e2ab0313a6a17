import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveHost } from './host';
import { App } from './shell/app';
import { AppProviders, createQueryClient } from './shell/providers';
import './styles.css';

async function start() {
  const host = resolveHost();
  const [baseUrl, initialSession] = await Promise.all([host.platformBaseUrl(), host.loadSession()]);
  const root = document.getElementById('root');
  if (root === null) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <AppProviders host={host} baseUrl={baseUrl.replace(/\/+$/, '')} initialSession={initialSession} queryClient={createQueryClient()}>
        <App />
      </AppProviders>
    </StrictMode>,
  );
}

void start();
