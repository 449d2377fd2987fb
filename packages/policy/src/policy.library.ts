import { QuoteEngine } from './contribution.engine';
import type { CityRef, PolicyRecord, SourceRef } from './policy.types';
import { validatePolicySet } from './policy.validation';

/** Validated policy records with their source register and compiled quote tables. */
export interface PolicyLibrary {
  readonly records: readonly PolicyRecord[];
  readonly sources: ReadonlyMap<string, SourceRef>;
  readonly cities: readonly CityRef[];
  readonly engine: QuoteEngine;
  /** City by code, Chinese or English name; null if unknown. */
  findCity(city: string): CityRef | null;
  /** A city's records, oldest first. */
  recordsOf(cityCode: string): PolicyRecord[];
  /** The record of a city (code or name) for the policy year starting in `year`, or null. */
  record(city: string, year: number): PolicyRecord | null;
  recordById(id: string): PolicyRecord | null;
}

/**
 * Builds a library from records already validated one by one (validatePolicyRecord), checking them
 * together (no overlapping periods, one record per city and year) and compiling the quote tables.
 * The API can call this with the shipped records plus consultant-entered ones.
 */
export function createPolicyLibrary(records: readonly PolicyRecord[], sources: readonly SourceRef[]): PolicyLibrary {
  validatePolicySet(records);
  const engine = new QuoteEngine(records);
  const sourceMap = new Map(sources.map((s) => [s.id, s]));
  const byId = new Map(records.map((r) => [r.id, r]));
  const findCity = (city: string): CityRef | null => engine.cities[engine.cityIndex(city)] ?? null;
  const recordsOf = (code: string) =>
    records.filter((r) => r.city.code === code).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return {
    records,
    sources: sourceMap,
    cities: engine.cities,
    engine,
    findCity,
    recordsOf,
    record(city, year) {
      const ref = findCity(city);
      return (ref && records.find((r) => r.city.code === ref.code && r.year === year)) ?? null;
    },
    recordById: (id) => byId.get(id) ?? null,
  };
}
