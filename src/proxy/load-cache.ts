/**
 * Values loaded on first use and kept until invalidate(). Concurrent first uses share one load; a load
 * that started before an invalidation, failed, or gave a value `keep` refuses is not kept.
 */
export class LoadCache<K, V> {
  private entries = new Map<K, Promise<V>>();
  private generation = 0;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly keep: (value: V) => boolean = () => true,
  ) {}

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get(key: K): Promise<V> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const generation = this.generation;
    const loading = this.load(key);
    this.entries.set(key, loading);
    const forget = () => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    };
    loading.then((value) => {
      if (!this.keep(value) || generation !== this.generation) forget();
    }, forget);
    return loading;
  }
}
