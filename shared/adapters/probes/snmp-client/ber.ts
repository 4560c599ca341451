/**
 * The BER subset SNMP speaks (X.690 definite lengths, RFC 3416 / RFC 2578 types): enough to write
 * requests and read answers. Values are read as net-snmp read them, so the probe sees the same:
 * OCTET STRING, Opaque and Counter64 as Buffers (Counter64 as its raw bytes), OIDs and IpAddress
 * as dotted strings, INTEGER as a signed number, Counter32/Gauge32/TimeTicks as unsigned 32 bits.
 */

export const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  OctetString: 0x04,
  Null: 0x05,
  OID: 0x06,
  Sequence: 0x30,
  IpAddress: 0x40,
  Counter32: 0x41,
  Gauge32: 0x42,
  TimeTicks: 0x43,
  Opaque: 0x44,
  Counter64: 0x46,
  NoSuchObject: 0x80,
  NoSuchInstance: 0x81,
  EndOfMibView: 0x82,
} as const;

export type VarbindValue = number | string | Buffer | boolean | null;

export interface Varbind {
  oid: string;
  type: number;
  value: VarbindValue;
}

/** noSuchObject, noSuchInstance or endOfMibView: the agent has no value here. */
export function isVarbindError(varbind: Varbind): boolean {
  return varbind.type === Tag.NoSuchObject || varbind.type === Tag.NoSuchInstance || varbind.type === Tag.EndOfMibView;
}

export class BerError extends Error {
  override name = 'BerError';
}

// ---- writing ----

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV: tag, definite length, contents. */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = contents.length === 1 ? contents[0]! : Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(Tag.Sequence, ...items);
}

/** A signed integer in the fewest two's-complement bytes (32-bit range: ids, counts, flags). */
export function integer(value: number, tag: number = Tag.Integer): Buffer {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 32 - 1) throw new RangeError(`integer ${value} is outside 32 bits`);
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  } while (!((rest === 0n && (bytes[0]! & 0x80) === 0) || (rest === -1n && (bytes[0]! & 0x80) !== 0)));
  return tlv(tag, Buffer.from(bytes));
}

export function octets(value: Buffer | string): Buffer {
  return tlv(Tag.OctetString, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

export function nul(): Buffer {
  return Buffer.from([Tag.Null, 0]);
}

/** A dotted OID ("1.3.6.1.2.1.1.3.0", a leading dot allowed). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.replace(/^\./, '').split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0) || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! >= 40)) {
    throw new BerError(`'${dotted}' is not a numeric OID`);
  }
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift((rest % 128) | 0x80);
    bytes.push(...base128);
  }
  return tlv(Tag.OID, Buffer.from(bytes));
}

// ---- reading ----

/** One element read: its tag and where its contents lie in the buffer. */
export interface Element {
  tag: number;
  start: number;
  end: number;
}

/** Reads TLVs from `buffer` between `start` and `end`, each bounded by its parent's length. */
export class BerReader {
  constructor(
    readonly buffer: Buffer,
    private offset = 0,
    readonly end = buffer.length,
  ) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  peekTag(): number | undefined {
    return this.offset < this.end ? this.buffer[this.offset] : undefined;
  }

  /** The next element whole; `tag` when given must match. */
  element(tag?: number): Element {
    if (this.offset + 2 > this.end) throw new BerError(`truncated BER at byte ${this.offset}`);
    const found = this.buffer[this.offset]!;
    if (tag !== undefined && found !== tag) throw new BerError(`expected tag 0x${tag.toString(16)} at byte ${this.offset}, got 0x${found.toString(16)}`);
    let at = this.offset + 1;
    let length = this.buffer[at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new BerError(count === 0 ? 'indefinite BER length' : 'BER length too long');
      if (at + count > this.end) throw new BerError(`truncated BER length at byte ${this.offset}`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.buffer[at++]!;
    }
    if (at + length > this.end) throw new BerError(`BER element at byte ${this.offset} claims ${length} bytes, ${this.end - at} left`);
    this.offset = at + length;
    return { tag: found, start: at, end: at + length };
  }

  /** A reader over the contents of the next element (a SEQUENCE, a PDU, an OCTET STRING holding BER). */
  enter(tag?: number): BerReader {
    const { start, end } = this.element(tag);
    return new BerReader(this.buffer, start, end);
  }

  bytes(tag: number = Tag.OctetString): Buffer {
    const { start, end } = this.element(tag);
    return this.buffer.subarray(start, end);
  }

  integer(tag: number = Tag.Integer): number {
    const { start, end } = this.element(tag);
    return signed(this.buffer, start, end);
  }

  oid(): string {
    const { start, end } = this.element(Tag.OID);
    return oidString(this.buffer, start, end);
  }

  /** The varbind list of a PDU. */
  varbinds(): Varbind[] {
    const list = this.enter(Tag.Sequence);
    const varbinds: Varbind[] = [];
    while (!list.done) {
      const varbind = list.enter(Tag.Sequence);
      const name = varbind.oid();
      const value = varbind.element();
      varbinds.push({ oid: name, type: value.tag, value: valueOf(this.buffer, value) });
    }
    return varbinds;
  }
}

function signed(buffer: Buffer, start: number, end: number): number {
  if (end === start) throw new BerError('zero-length integer');
  let value = buffer.readInt8(start);
  for (let i = start + 1; i < end; i++) value = value * 256 + buffer[i]!;
  if (!Number.isSafeInteger(value)) throw new BerError('integer too large for a JavaScript number');
  return value;
}

function oidString(buffer: Buffer, start: number, end: number): string {
  if (end === start) throw new BerError('empty OID');
  const arcs: number[] = [];
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = buffer[i]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  if (buffer[end - 1]! & 0x80) throw new BerError('truncated OID');
  const first = arcs.shift()!;
  const [a, b] = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [a, b, ...arcs].join('.');
}

function valueOf(buffer: Buffer, { tag, start, end }: Element): VarbindValue {
  switch (tag) {
    case Tag.Integer:
      return signed(buffer, start, end);
    case Tag.OctetString:
    case Tag.Opaque:
    case Tag.Counter64:
      return Buffer.from(buffer.subarray(start, end));
    case Tag.OID:
      return oidString(buffer, start, end);
    case Tag.IpAddress:
      if (end - start !== 4) throw new BerError(`IpAddress of ${end - start} bytes, not 4`);
      return [...buffer.subarray(start, end)].join('.');
    case Tag.Counter32:
    case Tag.Gauge32:
    case Tag.TimeTicks:
      return signed(buffer, start, end) >>> 0;
    case Tag.Boolean:
      return signed(buffer, start, end) !== 0;
    case Tag.Null:
    case Tag.NoSuchObject:
    case Tag.NoSuchInstance:
    case Tag.EndOfMibView:
      return null;
    default:
      throw new BerError(`unknown type 0x${tag.toString(16)} in response`);
  }
}
