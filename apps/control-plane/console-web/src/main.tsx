import '@mantine/core/styles.css';
import { createRoot } from 'react-dom/client';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { App } from './App';
import { cssVariablesResolver, theme } from './theme';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={localStorageColorSchemeManager({ key: 'causeway.colorScheme' })}
    >
      <App />
    </MantineProvider>,
  );
}
