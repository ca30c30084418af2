/** Removes `item` from the list kept under `key`, and the key with its last item. */
export function removeFromListMap<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (!list) return;
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
  if (list.length === 0) map.delete(key);
}
