import 'i18next';
import type { en } from './en.ts';

// Typed keys: t('no.such.key') fails the type check (npm run typecheck).
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
