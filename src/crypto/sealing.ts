/**
 * Encryption at rest of a signer's email, name and postcode: AES-256-GCM through WebCrypto, a fresh
 * 96-bit IV per value, and additional authenticated data naming the row (petition and dedupe key) and
 * the field, so a value moved to another row or field fails to decrypt. Keys come from the
 * ENCRYPTION_KEYS secret, `id:base64url-key` entries separated by commas, the first being the one new
 * rows use; the others stay configured until rotation (src/privacy/key-rotation.ts) has moved their rows.
 */

import { problems } from "../problems";
import { fromBase64Url, toBase64Url } from "./base64url";

/** The fields encrypted at rest; everything else in a row is not personal or is a keyed hash. */
export interface PersonalFields {
  email: string;
  name: string | null;
  postcode: string | null;
}

/** What identifies a row before it has an id, and stays the same when a pending signature is confirmed. */
export interface RowIdentity {
  petitionId: number;
  dedupeKey: string;
}

/** Personal fields as stored: ciphertexts (base64url of IV then ciphertext) and the key that made them. */
export interface SealedFields extends PersonalFields {
  keyId: string;
}

export interface Keyring {
  /** New values are sealed under this key. */
  currentId: string;
  keys: ReadonlyMap<string, CryptoKey>;
}

const IV_BYTES = 12;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const keyrings = new Map<string, Promise<Keyring>>();

/** A problem that names what is wrong with the secret, never its content. */
const malformed = (why: string) => problems.notConfigured(`ENCRYPTION_KEYS is malformed: ${why}.`);

async function importKeyring(secret: string): Promise<Keyring> {
  const keys = new Map<string, CryptoKey>();
  const entries = secret
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const [id = "", encoded = ""] = entry.split(":");
    if (!KEY_ID.test(id)) throw malformed(`entry ${index + 1} needs an id of letters, digits, - or _`);
    if (keys.has(id)) throw malformed(`the id "${id}" appears twice`);
    let raw: Uint8Array;
    try {
      raw = fromBase64Url(encoded);
    } catch {
      throw malformed(`the key of "${id}" is not base64url`);
    }
    if (raw.length !== KEY_BYTES) throw malformed(`the key of "${id}" must be ${KEY_BYTES} bytes`);
    keys.set(id, await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  const currentId = entries[0]?.split(":")[0];
  if (!currentId) throw problems.notConfigured("Set the ENCRYPTION_KEYS secret to accept signatures.");
  return { currentId, keys };
}

/** The keyring of ENCRYPTION_KEYS, imported once per isolate; unset or malformed, a 503 problem (fail closed). */
export function keyringFrom(secret: string | undefined): Promise<Keyring> {
  const text = secret ?? "";
  let keyring = keyrings.get(text);
  if (!keyring) {
    keyring = importKeyring(text);
    keyrings.set(text, keyring);
    // A bad secret is not cached: the next request sees a corrected one.
    keyring.catch(() => keyrings.delete(text));
  }
  return keyring;
}

function additionalData(row: RowIdentity, field: keyof PersonalFields): Uint8Array {
  return encoder.encode(`${row.petitionId}\u0000${row.dedupeKey}\u0000${field}`);
}

function keyOf(keyring: Keyring, keyId: string): CryptoKey {
  const key = keyring.keys.get(keyId);
  if (!key) throw problems.notConfigured(`The encryption key "${keyId}" is not in ENCRYPTION_KEYS.`);
  return key;
}

async function seal(key: CryptoKey, row: RowIdentity, field: keyof PersonalFields, value: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const additional = additionalData(row, field);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additional },
    key,
    encoder.encode(value),
  );
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return toBase64Url(sealed);
}

async function open(key: CryptoKey, row: RowIdentity, field: keyof PersonalFields, value: string): Promise<string> {
  const sealed = fromBase64Url(value);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: sealed.subarray(0, IV_BYTES), additionalData: additionalData(row, field) },
    key,
    sealed.subarray(IV_BYTES),
  );
  return decoder.decode(plain);
}

/** `transform` applied to each personal field that holds a value (name and postcode may be null). */
async function eachField(
  fields: PersonalFields,
  transform: (field: keyof PersonalFields, value: string) => Promise<string>,
): Promise<PersonalFields> {
  const optional = (field: "name" | "postcode") => (fields[field] === null ? null : transform(field, fields[field]));
  const [email, name, postcode] = await Promise.all([
    transform("email", fields.email),
    optional("name"),
    optional("postcode"),
  ]);
  return { email, name, postcode };
}

/** Encrypts a row's personal fields under the current key. */
export async function sealPersonalFields(
  keyring: Keyring,
  row: RowIdentity,
  fields: PersonalFields,
): Promise<SealedFields> {
  const key = keyOf(keyring, keyring.currentId);
  return { keyId: keyring.currentId, ...(await eachField(fields, (field, value) => seal(key, row, field, value))) };
}

/** A stored row's columns as D1 returns them: its identity and its personal fields, sealed or not. */
export interface StoredPersonalColumns {
  petition_id: number;
  dedupe_key: string;
  /** NULL: stored before encryption (or anonymised), so plain text until rotation seals it. */
  key_id: string | null;
  email: string;
  name: string | null;
  postcode: string | null;
}

/**
 * Decrypts a stored row's personal fields. Throws if the row was tampered with or its values moved
 * between rows or fields, and a 503 problem if its key is no longer configured.
 */
export async function openPersonalFields(keyring: Keyring, stored: StoredPersonalColumns): Promise<PersonalFields> {
  if (stored.key_id === null) return { email: stored.email, name: stored.name, postcode: stored.postcode };
  const key = keyOf(keyring, stored.key_id);
  const row = { petitionId: stored.petition_id, dedupeKey: stored.dedupe_key };
  return eachField(stored, (field, value) => open(key, row, field, value));
}
