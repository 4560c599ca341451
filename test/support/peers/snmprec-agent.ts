/**
 * A fast SNMP v2c agent that replays `.snmprec` recordings of real devices (community = file name),
 * for the sweep benchmark: 1,000 devices polled in one sweep need an agent that answers as fast as
 * 1,000 real devices would together, which neither Python snmpsimd (tens of ms a request) nor one
 * snmpd reading this host's tables (≈1.5 ms of CPU a request) can. It answers GET, GETNEXT and
 * GETBULK from the recording's lines in OID order, like snmpsimd does, and nothing else: no SET, no
 * v1/v3, no snmpsim variation modules. `test/integration/probes/snmprec-agent.test.ts` holds its
 * walks equal to snmpsimd's on the corpus.
 *
 * It runs in its own process (`startSnmprecAgent`), so its CPU time is not counted as the
 * collector's; run directly it serves the folder given as argument and prints `port <n>`.
 */
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startProcess, waitUntil, type PeerProcess } from './process.ts';
import { SNMPREC_DIR } from './snmpsim.ts';

type Oid = number[];
interface Entry {
  oid: Oid;
  /** The varbind (OID + value) already BER-encoded: the recording never changes. */
  varbind: Buffer;
}

// ---- BER, only as much as SNMP v2c needs -------------------------------------------------------
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}
function signedInt(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
    if ((v === 0n && (bytes[0]! & 0x80) === 0) || (v === -1n && (bytes[0]! & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}
function unsignedInt(value: bigint): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return Buffer.from(bytes);
}
function oidBody(oid: Oid): Buffer {
  const bytes: number[] = [40 * oid[0]! + oid[1]!];
  for (const arc of oid.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return Buffer.from(bytes);
}
const parseOid = (text: string): Oid => text.replace(/^\./, '').split('.').map(Number);

/** snmprec `tag|value` → the BER value. Tags are the ASN.1 ones in decimal; `x` means hex. */
function encodeValue(tag: string, value: string): Buffer {
  const hex = tag.endsWith('x');
  const type = Number.parseInt(tag, 10);
  const octets = (): Buffer => (hex ? Buffer.from(value, 'hex') : Buffer.from(value, 'utf8'));
  switch (type) {
    case 2:
      return tlv(0x02, signedInt(BigInt(value)));
    case 4:
      return tlv(0x04, octets());
    case 5:
      return tlv(0x05, Buffer.alloc(0));
    case 6:
      return tlv(0x06, oidBody(parseOid(value)));
    case 64:
      return tlv(0x40, hex ? octets() : Buffer.from(value.split('.').map(Number)));
    case 65:
    case 66:
    case 67:
    case 70:
      return tlv(type === 70 ? 0x46 : 0x40 + (type - 64), unsignedInt(BigInt(value)));
    case 68:
      return tlv(0x44, octets());
    default:
      throw new Error(`snmprec type ${tag} is not supported`);
  }
}

function compareOids(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The recording's entries in OID order (snmprec files are sorted, but nothing relies on it). */
export function loadSnmprec(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf('|');
    const second = line.indexOf('|', first + 1);
    if (first < 0 || second < 0) continue;
    const oid = parseOid(line.slice(0, first));
    entries.push({ oid, varbind: tlv(0x30, Buffer.concat([tlv(0x06, oidBody(oid)), encodeValue(line.slice(first + 1, second), line.slice(second + 1).replace(/\r$/, ''))])) });
  }
  return entries.sort((a, b) => compareOids(a.oid, b.oid));
}

/** Index of the first entry whose OID is ≥ `oid` (or > when `strictlyAfter`). */
function seek(entries: Entry[], oid: Oid, strictlyAfter: boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const c = compareOids(entries[mid]!.oid, oid);
    if (c < 0 || (strictlyAfter && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

// ---- requests ---------------------------------------------------------------------------------
class Reader {
  constructor(
    private readonly buffer: Buffer,
    public offset = 0,
  ) {}
  header(expected?: number): { tag: number; end: number; start: number } {
    const tag = this.buffer[this.offset++]!;
    if (expected !== undefined && tag !== expected) throw new Error(`tag ${tag}, expected ${expected}`);
    let len = this.buffer[this.offset++]!;
    if (len & 0x80) {
      const count = len & 0x7f;
      len = 0;
      for (let i = 0; i < count; i++) len = len * 256 + this.buffer[this.offset++]!;
    }
    const start = this.offset;
    if (start + len > this.buffer.length) throw new Error('truncated');
    return { tag, start, end: start + len };
  }
  integer(): number {
    const { start, end } = this.header(0x02);
    let value = start < end ? (this.buffer[start]! << 24) >> 24 : 0; // the first byte carries the sign
    for (let i = start + 1; i < end; i++) value = value * 256 + this.buffer[i]!;
    this.offset = end;
    return value;
  }
  octets(): Buffer {
    const { start, end } = this.header(0x04);
    this.offset = end;
    return this.buffer.subarray(start, end);
  }
  oid(): Oid {
    const { start, end } = this.header(0x06);
    const first = this.buffer[start]!;
    const oid = [Math.min(2, Math.floor(first / 40)), first - 40 * Math.min(2, Math.floor(first / 40))];
    let arc = 0;
    for (let i = start + 1; i < end; i++) {
      arc = arc * 128 + (this.buffer[i]! & 0x7f);
      if ((this.buffer[i]! & 0x80) === 0) {
        oid.push(arc);
        arc = 0;
      }
    }
    this.offset = end;
    return oid;
  }
  skip(): void {
    this.offset = this.header().end;
  }
}

const GET = 0xa0;
const GET_NEXT = 0xa1;
const GET_BULK = 0xa5;
const END_OF_MIB_VIEW = (oid: Oid) => tlv(0x30, Buffer.concat([tlv(0x06, oidBody(oid)), Buffer.from([0x82, 0])]));
// snmpsimd answers a GET of a missing OID with noSuchInstance; so does this agent.
const NO_SUCH_INSTANCE = (oid: Oid) => tlv(0x30, Buffer.concat([tlv(0x06, oidBody(oid)), Buffer.from([0x81, 0])]));
/** Replies stay under what one UDP datagram on loopback carries with room to spare, as agents do. */
const MAX_REPLY = 60_000;

/** The reply to one datagram, or undefined for anything that is not a v2c request for a known community. */
export function answer(devices: Map<string, Entry[]>, message: Buffer): Buffer | undefined {
  try {
    const reader = new Reader(message);
    reader.header(0x30);
    const version = reader.integer();
    const community = reader.octets().toString('latin1');
    const entries = devices.get(community);
    if (version !== 1 || !entries) return undefined;
    const pdu = reader.header();
    const requestId = reader.integer();
    const nonRepeaters = reader.integer();
    const maxRepetitions = reader.integer();
    const list = reader.header(0x30);
    const oids: Oid[] = [];
    while (reader.offset < list.end) {
      reader.header(0x30);
      oids.push(reader.oid());
      reader.skip();
    }
    const varbinds: Buffer[] = [];
    let size = 0;
    const next = (oid: Oid): { vb: Buffer; oid: Oid } => {
      const i = seek(entries, oid, true);
      return i < entries.length ? { vb: entries[i]!.varbind, oid: entries[i]!.oid } : { vb: END_OF_MIB_VIEW(oid), oid };
    };
    if (pdu.tag === GET) {
      for (const oid of oids) {
        const i = seek(entries, oid, false);
        varbinds.push(i < entries.length && compareOids(entries[i]!.oid, oid) === 0 ? entries[i]!.varbind : NO_SUCH_INSTANCE(oid));
      }
    } else if (pdu.tag === GET_NEXT) {
      for (const oid of oids) varbinds.push(next(oid).vb);
    } else if (pdu.tag === GET_BULK) {
      const fixed = Math.max(0, Math.min(nonRepeaters, oids.length));
      for (const oid of oids.slice(0, fixed)) varbinds.push(next(oid).vb);
      const cursors = oids.slice(fixed);
      // Every repetition is answered, with endOfMibView past the last row (as snmpsimd and RFC 3416 do).
      for (let round = 0; round < maxRepetitions && cursors.length > 0 && size < MAX_REPLY - 1_000; round++) {
        for (let c = 0; c < cursors.length; c++) {
          const step = next(cursors[c]!);
          cursors[c] = step.oid;
          varbinds.push(step.vb);
          size += step.vb.length;
        }
      }
    } else return undefined;
    const body = Buffer.concat([tlv(0x02, signedInt(BigInt(requestId))), tlv(0x02, Buffer.from([0])), tlv(0x02, Buffer.from([0])), tlv(0x30, Buffer.concat(varbinds))]);
    return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, Buffer.from(community, 'latin1')), tlv(0xa2, body)]));
  } catch {
    return undefined; // garbage in: an agent stays silent
  }
}

export function loadFolder(dir: string): Map<string, Entry[]> {
  const devices = new Map<string, Entry[]>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.snmprec')).sort()) {
    devices.set(file.replace(/\.snmprec$/, ''), loadSnmprec(readFileSync(join(dir, file), 'utf8')));
  }
  return devices;
}

export interface SnmprecAgentPeer {
  port: number;
  communities: string[];
  /** CPU seconds the agent process has used so far (user + system). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** The agent in its own Node process on 127.0.0.1:<free port>, serving `dir` (default: the corpus). */
export async function startSnmprecAgent(dir: string = SNMPREC_DIR): Promise<SnmprecAgentPeer> {
  const communities = [...loadFolder(dir).keys()];
  const peer: PeerProcess = startProcess(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, dir]);
  let port = 0;
  await waitUntil(peer, 'snmprec agent', async () => {
    port = Number(/port (\d+)/.exec(peer.output())?.[1] ?? 0);
    return port > 0;
  });
  const pid = peer.child.pid!;
  return {
    port,
    communities,
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    },
    stop: () => peer.stop(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const devices = loadFolder(process.argv[2] ?? SNMPREC_DIR);
  const socket = createSocket('udp4');
  socket.on('message', (message, from) => {
    const reply = answer(devices, message);
    if (reply) socket.send(reply, from.port, from.address);
  });
  socket.bind(0, '127.0.0.1', () => console.log(`port ${socket.address().port}`));
}
