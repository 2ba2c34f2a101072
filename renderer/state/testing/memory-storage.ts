// A localStorage stand-in for the renderer's persistence tests: a Map behind getItem/setItem,
// optionally holding some entries already (what an earlier run left).
export function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
}
