/** workerd has no DOMParser: the embed tests look at start tags by id, which the pages always quote. */
export function tagWithId(page: string, id: string): string {
  return page.match(new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`))?.[0] ?? "";
}
