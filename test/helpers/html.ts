/** workerd has no DOMParser: the embed tests look at start tags by id, which the pages always quote. */
export function tagWithId(page: string, id: string): string {
  return page.match(new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`))?.[0] ?? "";
}

/** A page's share links without their referral code and channel (fresh on every render), to compare the rest. */
export function withoutShareCodes(page: string): string {
  return page.replace(/(%3F|%26)ref%3D[\w-]+%26ch%3D\w+/g, "").replace(/[?&]ref=[\w-]+&amp;ch=\w+/g, "");
}
