import { Invalid } from '../errors.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** `page` (from 1) and `pageSize` from query strings that the schema already checked are digits. */
export function pageOf(
  query: { page?: string; pageSize?: string },
  defaults: { pageSize?: number; maxPageSize?: number } = {},
): { page: number; pageSize: number } {
  const max = defaults.maxPageSize ?? MAX_PAGE_SIZE;
  const page = query.page === undefined ? 1 : Number(query.page);
  const pageSize =
    query.pageSize === undefined ? (defaults.pageSize ?? DEFAULT_PAGE_SIZE) : Number(query.pageSize);
  if (!Number.isInteger(page) || page < 1) throw Invalid.field('page', 'must be 1 or more', query.page);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > max) {
    throw Invalid.field('pageSize', `must be from 1 to ${max}`, query.pageSize);
  }
  return { page, pageSize };
}
