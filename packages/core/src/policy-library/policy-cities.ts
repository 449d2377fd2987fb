import type { PolicyLibraryService } from './policy-library.service';

/**
 * The cities of the policy library. Asked before a transaction opens, never inside one: the first
 * answer may need the library read through another pooled connection, and transactions that each
 * hold one while waiting for a second exhaust the pool (every hire of a burst did, on a cold cache).
 */
export interface PolicyCities {
  /** Whether the policy library knows a city (a GB/T 2260 code); only such cities can be filed in. */
  knows(cityCode: string): Promise<boolean>;
  /** Resolves once the cities are loaded (after which `knows` reads nothing). */
  ready(): Promise<void>;
}

/** The policy library service as a PolicyCities (shipped files plus consultants' revisions). */
export function policyCitiesFrom(policies: Pick<PolicyLibraryService, 'library'>, refreshMs = 5_000): PolicyCities {
  // Loaded once up front and refreshed in the background, so that once loaded an answer needs no
  // database read at all.
  let codes: Set<string> | null = null;
  let loadedAt = 0;
  let loading: Promise<Set<string>> | null = null;
  const load = () =>
    (loading ??= policies
      .library()
      .then((library) => {
        codes = new Set(library.cities.map((c) => c.code));
        loadedAt = Date.now();
        return codes;
      })
      .finally(() => {
        loading = null;
      }));
  void load().catch(() => undefined);
  return {
    async ready() {
      if (!codes) await load();
    },
    async knows(cityCode) {
      if (!codes) return (await load()).has(cityCode);
      if (Date.now() - loadedAt > refreshMs) void load().catch(() => undefined);
      return codes.has(cityCode);
    },
  };
}
