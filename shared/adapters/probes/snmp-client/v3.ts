/**
 * SNMPv3 User-based Security Model (RFC 3414) for authPriv: password-to-key localisation,
 * HMAC-MD5-96 / HMAC-SHA-96 (RFC 3414) and usmHMAC192SHA256AuthProtocol (RFC 7860), CBC-DES
 * (RFC 3414 §8) and CFB128-AES-128 (RFC 3826) privacy.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthProtocol = 'md5' | 'sha' | 'sha256';
export type PrivProtocol = 'des' | 'aes';

export interface UsmUser {
  name: string;
  authProtocol: AuthProtocol;
  authKey: string;
  privProtocol: PrivProtocol;
  privKey: string;
}

/** Hash of each protocol and how many bytes of the HMAC travel in msgAuthenticationParameters. */
const AUTH: Record<AuthProtocol, { hash: string; macLength: number }> = {
  md5: { hash: 'md5', macLength: 12 },
  sha: { hash: 'sha1', macLength: 12 },
  sha256: { hash: 'sha256', macLength: 24 },
};

export function macLength(protocol: AuthProtocol): number {
  return AUTH[protocol].macLength;
}

const EXPANSION_BYTES = 1_048_576;
/** Localised keys by protocol, password and engine: the 1 MB hash costs milliseconds, and every request needs the keys. */
const localizedKeys = new Map<string, Buffer>();
const MAX_CACHED_KEYS = 1024;

/**
 * RFC 3414 A.2: the password repeated to 1 MB and hashed (Ku), then localised to one engine as
 * H(Ku ‖ engineID ‖ Ku).
 */
export function localizeKey(protocol: AuthProtocol, password: string, engineId: Buffer): Buffer {
  const cacheKey = `${protocol}\0${engineId.toString('hex')}\0${password}`;
  const cached = localizedKeys.get(cacheKey);
  if (cached) return cached;
  const { hash } = AUTH[protocol];
  const ku = createHash(hash).update(Buffer.alloc(EXPANSION_BYTES, Buffer.from(password, 'utf8'))).digest();
  const key = createHash(hash).update(ku).update(engineId).update(ku).digest();
  if (localizedKeys.size >= MAX_CACHED_KEYS) localizedKeys.clear();
  localizedKeys.set(cacheKey, key);
  return key;
}

/** The truncated HMAC of a whole message whose authentication parameters are zeroed. */
export function authenticationCode(protocol: AuthProtocol, key: Buffer, message: Buffer): Buffer {
  const { hash, macLength } = AUTH[protocol];
  return createHmac(hash, key).update(message).digest().subarray(0, macLength);
}

/** True when `message` carries the right code at [start, end) (checked on a copy with the field zeroed). */
export function isAuthentic(protocol: AuthProtocol, key: Buffer, message: Buffer, start: number, end: number): boolean {
  if (end - start !== macLength(protocol)) return false;
  const copy = Buffer.from(message);
  copy.fill(0, start, end);
  return timingSafeEqual(authenticationCode(protocol, key, copy), message.subarray(start, end));
}

// Salts must not repeat under one key (RFC 3414 §8.1.1.1, RFC 3826 §3.1.2.1): a random start, then counted up.
let saltCounter = randomBytes(4).readUInt32BE(0);
const saltPrefix = randomBytes(4);
function nextSalt(): Buffer {
  saltCounter = (saltCounter + 1) >>> 0;
  const salt = Buffer.alloc(8);
  saltPrefix.copy(salt, 0);
  salt.writeUInt32BE(saltCounter, 4);
  return salt;
}

/**
 * DES-CBC as three-key 3DES with the one key three times (E·D·E with equal keys is single DES):
 * OpenSSL 3 keeps single DES in its legacy provider only, 3DES in the default one.
 */
function desCipher(key: Buffer, iv: Buffer, encrypt: boolean) {
  const tripled = Buffer.concat([key, key, key]);
  const cipher = encrypt ? createCipheriv('des-ede3-cbc', tripled, iv) : createDecipheriv('des-ede3-cbc', tripled, iv);
  cipher.setAutoPadding(false);
  return cipher;
}

export interface Engine {
  id: Buffer;
  boots: number;
  time: number;
}

/** The scoped PDU encrypted for `engine`, and the msgPrivacyParameters (salt) that go with it. */
export function encrypt(user: UsmUser, engine: Engine, scopedPdu: Buffer): { data: Buffer; salt: Buffer } {
  const key = localizeKey(user.authProtocol, user.privKey, engine.id);
  const salt = nextSalt();
  if (user.privProtocol === 'des') {
    const iv = xor(key.subarray(8, 16), salt);
    const padded = Buffer.alloc(Math.ceil(scopedPdu.length / 8) * 8);
    scopedPdu.copy(padded);
    const cipher = desCipher(key.subarray(0, 8), iv, true);
    return { data: Buffer.concat([cipher.update(padded), cipher.final()]), salt };
  }
  const cipher = createCipheriv('aes-128-cfb', key.subarray(0, 16), aesIv(engine, salt));
  return { data: Buffer.concat([cipher.update(scopedPdu), cipher.final()]), salt };
}

/** The plain scoped PDU of an answer (its boots and time are the ones in its own security parameters). */
export function decrypt(user: UsmUser, engine: Engine, data: Buffer, salt: Buffer): Buffer {
  if (salt.length !== 8) throw new Error(`privacy parameters of ${salt.length} bytes, not 8`);
  const key = localizeKey(user.authProtocol, user.privKey, engine.id);
  if (user.privProtocol === 'des') {
    if (data.length % 8 !== 0) throw new Error(`DES data of ${data.length} bytes is not whole blocks`);
    const decipher = desCipher(key.subarray(0, 8), xor(key.subarray(8, 16), salt), false);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  }
  const decipher = createDecipheriv('aes-128-cfb', key.subarray(0, 16), aesIv(engine, salt));
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** RFC 3826 §3.1.2.1: the IV is the authoritative engine's boots ‖ time ‖ the 64-bit salt. */
function aesIv(engine: Engine, salt: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(engine.boots >>> 0, 0);
  iv.writeUInt32BE(engine.time >>> 0, 4);
  salt.copy(iv, 8);
  return iv;
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b[i]!));
}
