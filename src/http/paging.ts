import { Invalid } from '../errors.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/**
 * The one paging parser: `page` (from 1) and a page size named `sizeField` (1 to `max`) from query
 * strings that the schema already checked are digits; a bad value is a 400 naming the field.
 */
function parsePaging(
  page: string | undefined,
  size: string | undefined,
  sizeField: string,
  defaultSize: number,
  max: number,
): { page: number; size: number } {
  const pageNumber = page === undefined ? 1 : Number(page);
  const sizeNumber = size === undefined ? defaultSize : Number(size);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw Invalid.field('page', 'must be 1 or more', page);
  if (!Number.isInteger(sizeNumber) || sizeNumber < 1 || sizeNumber > max) {
    throw Invalid.field(sizeField, `must be from 1 to ${max}`, size);
  }
  return { page: pageNumber, size: sizeNumber };
}

/** `page` and `pageSize` (the administration lists, the test-data report). */
export function pageOf(
  query: { page?: string; pageSize?: string },
  defaults: { pageSize?: number; maxPageSize?: number } = {},
): { page: number; pageSize: number } {
  const { page, size } = parsePaging(
    query.page,
    query.pageSize,
    'pageSize',
    defaults.pageSize ?? DEFAULT_PAGE_SIZE,
    defaults.maxPageSize ?? MAX_PAGE_SIZE,
  );
  return { page, pageSize: size };
}

/** `page` and `count` (1–500; the officials' person search, audit trail and error list). */
export interface Paging {
  page: number;
  count: number;
}

export function pagingOf(query: { page?: string; count?: string }, defaultCount = 20): Paging {
  const { page, size } = parsePaging(query.page, query.count, 'count', defaultCount, MAX_PAGE_SIZE);
  return { page, count: size };
}
