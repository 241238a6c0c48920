// Entry point: mounts the console into #root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleRoot } from './console-root.tsx';
import { I18nProvider } from './i18n/i18n-provider.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <ConsoleRoot />
    </I18nProvider>
  </StrictMode>,
);
