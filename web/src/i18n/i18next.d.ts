import 'i18next';
import type { en } from './en.ts';

// Typed keys: a t() call with an unknown key fails the type check (npm run typecheck).
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
