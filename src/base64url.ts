/** Base64url without padding (RFC 4648 §5): tokens, keys and hashes that travel in URLs and cookies. */
export function toBase64Url(bytes: Uint8Array | ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
