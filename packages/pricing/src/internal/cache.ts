/**
 * A bounded memo for values that are costly to build and keyed by short strings (an
 * `Intl.NumberFormat` per currency and locale costs far more than the formatting or parsing it
 * serves). At 512 entries the map is emptied: locales and currencies in use are few, so this only
 * bounds memory when a caller passes unbounded distinct keys.
 */
export const cached = <A>(cache: Map<string, A>, key: string, make: () => A): A => {
  const found = cache.get(key)
  if (found !== undefined) return found
  const value = make()
  if (cache.size >= 512) cache.clear()
  cache.set(key, value)
  return value
}
