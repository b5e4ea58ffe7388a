/** Paged listings, as every listing port returns them. */

/** A page of results and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Which page to read: its size and the cursor a previous page returned. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}
