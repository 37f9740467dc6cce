// Bounded paging for the platform clients' listings (by offset, cursor, page number or next
// link, as each platform pages): a listing that repeats a position or runs
// past its pages, items or time stops with an error that says how much it fetched and what it
// is missing, so a server that never says "last page" cannot keep a sync going forever.
import { PlatformError, type PlatformErrorKind } from '../../core/platform';
import { formatWait } from './http';

/** The bounds of one paged listing. Defaults: 2,000 pages, 200,000 items, 10 minutes. */
export interface PagingLimits {
  maxPages?: number;
  maxItems?: number;
  maxMs?: number;
}

/**
 * Keeps one paged listing finite: each page's position (offset, cursor, page number, next link)
 * must be new, and pages, items and time stay within their bounds. The errors say which bound was
 * reached, how much was fetched and (through `missing`) what was not.
 */
export class Paging {
  private readonly seen = new Set<string>();
  private readonly started: number;
  private pages = 0;
  private items = 0;

  constructor(
    private readonly platform: string,
    private readonly limits: PagingLimits = {},
    /** What the listing has not fetched if it stops now: "incidents created before 2026-01-03T00:00:00Z". */
    private readonly missing: () => string = () => 'the pages after it',
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  get fetched(): number {
    return this.items;
  }

  /** Before fetching the page at `position`: throws if it was fetched before, or a bound is reached. */
  next(position: string): void {
    if (this.seen.has(position)) {
      throw this.stop(`sent a page position it had sent before (${position.slice(0, 80)}), which would repeat forever`, 'malformed');
    }
    this.seen.add(position);
    const maxPages = this.limits.maxPages ?? 2000;
    if (this.pages >= maxPages) throw this.stop(`stopped after ${maxPages} pages (the limit)`);
    const maxMs = this.limits.maxMs ?? 600_000;
    if (this.now() - this.started > maxMs) throw this.stop(`stopped after ${formatWait(maxMs)} (the time limit)`);
    this.pages++;
  }

  /** After a page: counts its items, throws past the item bound. */
  counted(items: number): void {
    this.items += items;
    const maxItems = this.limits.maxItems ?? 200_000;
    if (this.items > maxItems) throw this.stop(`stopped after ${maxItems} items (the limit)`);
  }

  /** An error for a listing that cannot go on: why, how much it has, what is missing. */
  stop(why: string, kind: PlatformErrorKind = 'limit'): PlatformError {
    return new PlatformError(`${this.platform} ${why}: kept ${this.items} fetched; missing ${this.missing()}`, kind);
  }
}
