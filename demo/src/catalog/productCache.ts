import { metrics } from '../api/metrics';

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

type Loader = (sku: string) => Promise<Product>;

/**
 * Read-through cache in front of the catalog database. Concurrent misses for the
 * same key share one load (see INC-157), and entries expire with a random spread.
 */
export class ProductCache {
  private readonly entries = new Map<string, { product: Product; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<Product>>();

  constructor(private readonly load: Loader, private readonly ttlMs = 60_000) {}

  async get(sku: string): Promise<Product> {
    const entry = this.entries.get(sku);
    if (entry && entry.expiresAt > Date.now()) {
      metrics.increment('catalog.cache.hit');
      return entry.product;
    }
    metrics.increment('catalog.cache.miss');
    let pending = this.inFlight.get(sku);
    if (!pending) {
      pending = this.load(sku).finally(() => this.inFlight.delete(sku));
      this.inFlight.set(sku, pending);
    }
    const product = await pending;
    const spread = this.ttlMs * 0.1 * Math.random();
    this.entries.set(sku, { product, expiresAt: Date.now() + this.ttlMs + spread });
    return product;
  }

  invalidate(sku: string): void {
    this.entries.delete(sku);
  }
}
