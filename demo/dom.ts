/**
 * The page's elements, found by their `data-testid`. Tests use the same ids, so the page and
 * its tests cannot drift apart; a missing element fails loudly at start-up, not later.
 */
export function byTestId<E extends HTMLElement>(testId: string, type: new () => E): E {
  const element = document.querySelector(`[data-testid="${testId}"]`);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} with data-testid="${testId}"`);
  return element;
}
