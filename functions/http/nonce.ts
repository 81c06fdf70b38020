/** A fresh CSP nonce for one page: its inline style and script carry it, nothing injected can. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
