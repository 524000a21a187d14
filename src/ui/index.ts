export { UI_PREFIX, uiRoutes } from './plugin.ts';
