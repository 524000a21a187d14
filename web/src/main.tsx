import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';
import './i18n/index.ts';
import { SessionProvider } from './session.tsx';
import 'dayjs/locale/fi';
import 'dayjs/locale/sv';
import 'dayjs/locale/en';

const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
// The scroll lock of Mantine's dialogs (react-remove-scroll) writes a <style> element too; it
// takes its nonce from get-nonce.
setNonce(nonce);

const theme = createTheme({
  primaryColor: 'blue',
  // Keyboard users see where they are; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  // Darker shades than the default 6 keep text on filled buttons above 4.5:1 contrast.
  primaryShade: 8,
  defaultRadius: 'sm',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers do not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Localised() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
      <App />
    </DatesProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={() => nonce}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename="/henkilo-ui">
          <SessionProvider>
            <Localised />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
