export {
  CODE_LIST_NAMES,
  type Code,
  type CodeListName,
  type CodeNames,
  codeList,
  FINLAND,
  findCode,
  isCodeListName,
  isValidCode,
  type KoodiNimi,
  koodiNimi,
  UNKNOWN_COUNTRY,
} from './code-lists.ts';
export { codeRoutes } from './routes.ts';
