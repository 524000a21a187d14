export {
  clientErrorHandler,
  errorBody,
  frameworkErrors,
  registerDrain,
  registerErrorHandler,
} from './error-handler.ts';
export { EXAMPLES } from './examples.ts';
export { containsHetu, loggerOptions, maskHetusInText } from './logging.ts';
export { documentRoute, finishDocument } from './openapi.ts';
export { type Paging, pageOf, pagingOf } from './paging.ts';
export { ErrorResponse, errors, Nullable } from './schemas.ts';
export { registerSecurity, SMALL_BODY_LIMIT, uiContentSecurityPolicy } from './security.ts';
export { registerTextGuard } from './text-guard.ts';
