/**
 * A small SNMP manager session over one UDP socket: GET, GETNEXT and GETBULK, v2c (community) or v3
 * authPriv (USM, engine discovery and time synchronisation). Each request is one datagram, resent
 * unchanged after `timeoutMs` up to `retries` times; answers are matched by request id (v2c) or
 * msgID (v3), anything else is dropped. A datagram that is not SNMP is reported to `onError` (the
 * request keeps waiting), never thrown. Errors are named as net-snmp names them, and say the same,
 * so the probe's messages stay what they were.
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { BerReader, Tag, integer, isVarbindError, nul, octets, oid, sequence, tlv, type Varbind } from './ber.ts';
import { authenticationCode, decrypt, encrypt, isAuthentic, localizeKey, macLength, type Engine, type UsmUser } from './v3.ts';

export class RequestTimedOutError extends Error {
  override name = 'RequestTimedOutError';
}
/** The answer came but cannot be used (security, report, mismatch). */
export class ResponseInvalidError extends Error {
  override name = 'ResponseInvalidError';
}
/** The agent answered with an error-status. */
export class RequestFailedError extends Error {
  override name = 'RequestFailedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const Pdu = { Get: 0xa0, GetNext: 0xa1, Response: 0xa2, GetBulk: 0xa5, Report: 0xa8 } as const;
const ERROR_STATUS = [
  'NoError', 'TooBig', 'NoSuchName', 'BadValue', 'ReadOnly', 'GeneralError', 'NoAccess', 'WrongType', 'WrongLength', 'WrongEncoding',
  'WrongValue', 'NoCreation', 'InconsistentValue', 'ResourceUnavailable', 'CommitFailed', 'UndoFailed', 'AuthorizationError', 'NotWritable', 'InconsistentName',
];
const USM_STATS = '1.3.6.1.6.3.15.1.1';
const USM_ERRORS: Record<string, string> = {
  '1': 'Unsupported Security Level',
  '2': 'Not In Time Window',
  '3': 'Unknown User Name',
  '4': 'Unknown Engine ID',
  '5': 'Wrong Digest (incorrect password, community or key)',
  '6': 'Decryption Error',
};
const MAX_MESSAGE_SIZE = 65507;
const FLAG_AUTH = 1;
const FLAG_PRIV = 2;
const FLAG_REPORTABLE = 4;
/** RFC 3414 §3.2 step 7b: an authentic message more than 150 s off our notion of the engine's time is outside the window. */
const TIME_WINDOW_S = 150;
const MAX_INT32 = 2 ** 31 - 1;

export type Security = { version: '2c'; community: string } | { version: '3'; user: UsmUser };

export interface SessionOptions {
  host: string;
  port: number;
  /** Per try. */
  timeoutMs: number;
  retries: number;
}

interface Pdu {
  type: number;
  id: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: Varbind[];
}

/** An answer as parsed off the wire, before its v3 security is checked. */
interface Incoming {
  version: number;
  /** What the answer is matched on: the request id (v2c) or the msgID (v3). */
  id: number;
  community?: Buffer;
  pdu?: Pdu;
  flags: number;
  engine?: Engine;
  /** Where msgAuthenticationParameters lie in `raw`. */
  auth?: { start: number; end: number };
  privacy?: Buffer;
  encrypted?: Buffer;
  raw: Buffer;
}

interface Pending {
  resolve(answer: Incoming): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

export class SnmpSession {
  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending>();
  private errorListener: (error: Error) => void = () => {};
  private closed = false;
  /** v3: the authoritative engine as last told (discovery or a report). */
  private engine?: Engine;
  /** v3: our notion of the engine's clock, from authentic messages (RFC 3414 §2.3). */
  private clock?: { boots: number; time: number; latest: number; at: number };

  constructor(
    private readonly options: SessionOptions,
    private readonly security: Security,
  ) {
    this.socket = createSocket('udp4');
    this.socket.unref();
    this.socket.on('message', (datagram) => this.receive(datagram));
    this.socket.on('error', (error) => this.errorListener(error));
  }

  /** Socket errors and datagrams that are not SNMP; requests still end by answer or timeout. */
  onError(listener: (error: Error) => void): void {
    this.errorListener = listener;
  }

  get(oids: string[]): Promise<Varbind[]> {
    return this.oneForEach(Pdu.Get, oids);
  }

  getNext(oids: string[]): Promise<Varbind[]> {
    return this.oneForEach(Pdu.GetNext, oids);
  }

  /**
   * GETBULK with no non-repeaters, the answer grouped per requested OID: the n-th varbind belongs
   * to OID n modulo the number asked. An agent may send fewer than asked; then fewer groups come back.
   */
  async getBulk(oids: string[], maxRepetitions: number): Promise<Varbind[][]> {
    const { varbinds } = await this.request(Pdu.GetBulk, oids, 0, maxRepetitions);
    const groups: Varbind[][] = [];
    varbinds.forEach((varbind, i) => {
      if (i < oids.length) groups.push([varbind]);
      else groups[i % oids.length]!.push(varbind);
    });
    return groups;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close();
    } catch {
      // never bound
    }
    for (const [key, pending] of this.pending) {
      this.settle(key);
      pending.reject(new Error('Socket forcibly closed'));
    }
  }

  /** GET and GETNEXT: exactly one varbind back per OID asked. */
  private async oneForEach(type: number, oids: string[]): Promise<Varbind[]> {
    const pdu = await this.request(type, oids, 0, 0);
    if (pdu.varbinds.length !== oids.length) throw new ResponseInvalidError('Requested OIDs do not match response OIDs');
    return pdu.varbinds;
  }

  private async request(type: number, oids: string[], a: number, b: number): Promise<Pdu> {
    const id = this.newId();
    const pdu = encodePdu(type, id, a, b, oids);
    if (this.security.version === '2c') {
      const community = Buffer.from(this.security.community, 'utf8');
      const answer = await this.exchange(id, sequence(integer(1), octets(community), pdu));
      if (answer.version !== 1) throw new ResponseInvalidError(`Version in request '1' does not match version in response '${answer.version}'`);
      if (!answer.community!.equals(community)) {
        throw new ResponseInvalidError(`Community '${this.security.community}' in request does not match community '${answer.community!.toString()}' in response`);
      }
      return checkResponse(answer.pdu!);
    }
    return this.requestV3(this.security.user, pdu);
  }

  private async requestV3(user: UsmUser, pdu: Buffer): Promise<Pdu> {
    // After discovery, one report (e.g. notInTimeWindow) may be answered by sending again with the
    // engine's new boots and time; before it only when discovery told no time (as net-snmp does).
    let allowReport = true;
    if (!this.engine) {
      const msgId = this.newId();
      const discovery = await this.exchange(msgId, encodeV3(msgId, FLAG_REPORTABLE, { id: Buffer.alloc(0), boots: 0, time: 0 }, undefined, encodePdu(Pdu.Get, this.newId(), 0, 0, [])));
      if (discovery.pdu?.type !== Pdu.Report || !discovery.engine) throw new ResponseInvalidError('Unexpected answer to SNMPv3 engine discovery');
      this.engine = discovery.engine;
      allowReport = !discovery.engine.boots && !discovery.engine.time;
    }
    for (;;) {
      const msgId = this.newId();
      const answer = await this.exchange(msgId, encodeV3(msgId, FLAG_REPORTABLE | FLAG_AUTH | FLAG_PRIV, this.outgoingEngine(), user, pdu));
      const answerPdu = this.openV3(user, answer);
      if (answerPdu.type === Pdu.Report) {
        // Another engine ID (the device was replaced): our notion of the old engine's clock does not apply.
        if (!answer.engine!.id.equals(this.engine!.id)) this.clock = undefined;
        this.engine = answer.engine;
        if (!allowReport) throw reportError(answerPdu);
        allowReport = !answer.engine!.boots && !answer.engine!.time;
        continue;
      }
      if ((answer.flags & (FLAG_AUTH | FLAG_PRIV)) !== (FLAG_AUTH | FLAG_PRIV)) throw new ResponseInvalidError('Response not authenticated and encrypted as requested');
      return checkResponse(answerPdu);
    }
  }

  /** Checks and decrypts a v3 answer, and keeps the engine's clock from it (RFC 3414 §3.2). */
  private openV3(user: UsmUser, answer: Incoming): Pdu {
    const engine = answer.engine!;
    if (answer.flags & FLAG_AUTH) {
      const key = localizeKey(user.authProtocol, user.authKey, engine.id);
      const { start, end } = answer.auth!;
      if (!isAuthentic(user.authProtocol, key, answer.raw, start, end)) {
        const zeroed = Buffer.from(answer.raw).fill(0, start, end);
        throw new ResponseInvalidError(
          `Authentication digest ${answer.raw.subarray(start, end).toString('hex')} received in message does not match digest ${authenticationCode(user.authProtocol, key, zeroed).toString('hex')} calculated for message`,
        );
      }
    }
    let pdu = answer.pdu;
    if (answer.flags & FLAG_PRIV) {
      try {
        pdu = readScopedPdu(new BerReader(decrypt(user, engine, answer.encrypted!, answer.privacy!)));
      } catch (error) {
        throw new ResponseInvalidError(`Failed to decrypt PDU: ${String(error)}`);
      }
    }
    if (answer.flags & FLAG_AUTH) {
      this.keepClock(engine);
      if (!this.inTimeWindow(engine)) {
        throw new ResponseInvalidError(
          `Message with engineBoots '${engine.boots}' and engineTime '${engine.time}' is outside the time window of engineBoots '${this.clock!.boots}' and engineTime '${this.outgoingEngine().time}'`,
        );
      }
    }
    return pdu!;
  }

  /** Our notion advances only with an authentic message that is newer (more boots, or a later time than any seen). */
  private keepClock({ boots, time }: Engine): void {
    const clock = this.clock;
    if (clock && boots < clock.boots) return;
    if (clock && boots === clock.boots && time <= clock.latest) return;
    this.clock = { boots, time, latest: time, at: performance.now() };
  }

  private inTimeWindow({ boots, time }: Engine): boolean {
    const now = this.outgoingEngine();
    if (now.boots === MAX_INT32 || boots !== now.boots) return false;
    return Math.abs(time - now.time) <= TIME_WINDOW_S;
  }

  /** The engine with our current notion of its boots and time (its clock runs on with ours). */
  private outgoingEngine(): Engine {
    const engine = this.engine!;
    const clock = this.clock;
    if (!clock) return engine;
    let boots = clock.boots;
    let time = clock.time + Math.floor((performance.now() - clock.at) / 1000);
    if (time > MAX_INT32) {
      boots = Math.min(boots + Math.floor(time / (MAX_INT32 + 1)), MAX_INT32);
      time %= MAX_INT32 + 1;
    }
    return { id: engine.id, boots, time };
  }

  private newId(): number {
    let id: number;
    do id = randomInt(1, MAX_INT32);
    while (this.pending.has(id));
    return id;
  }

  /** Sends `message` (again after each timeout) and resolves with the answer keyed `key`. */
  private exchange(key: number, message: Buffer): Promise<Incoming> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('Socket forcibly closed'));
      let retriesLeft = this.options.retries;
      const pending: Pending = { resolve, reject };
      if (this.pending.size === 0) this.socket.ref();
      this.pending.set(key, pending);
      const send = () => {
        try {
          this.socket.send(message, this.options.port, this.options.host, (error) => {
            if (this.pending.get(key) !== pending) return;
            if (error) {
              this.settle(key);
              return reject(error);
            }
            pending.timer = setTimeout(() => {
              if (retriesLeft-- > 0) return send();
              this.settle(key);
              reject(new RequestTimedOutError('Request timed out'));
            }, this.options.timeoutMs);
          });
        } catch (error) {
          this.settle(key);
          reject(error as Error);
        }
      };
      send();
    });
  }

  private settle(key: number): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    if (this.pending.size === 0) this.socket.unref();
  }

  private receive(datagram: Buffer): void {
    let answer: Incoming;
    try {
      answer = parseMessage(datagram);
    } catch (error) {
      this.errorListener(error as Error);
      return;
    }
    const pending = this.pending.get(answer.id);
    if (!pending) return; // not an answer we wait for: a late duplicate, or not ours
    this.settle(answer.id);
    pending.resolve(answer);
  }
}

function encodePdu(type: number, id: number, a: number, b: number, oids: string[]): Buffer {
  return tlv(type, integer(id), integer(a), integer(b), sequence(...oids.map((name) => sequence(oid(name), nul()))));
}

/**
 * A v3 message. With a user: authenticated and encrypted, the HMAC computed over the whole message
 * with its authentication parameters zeroed and then written into them. Without: discovery.
 */
function encodeV3(msgId: number, flags: number, engine: Engine, user: UsmUser | undefined, pdu: Buffer): Buffer {
  const scopedPdu = sequence(octets(engine.id), octets(''), pdu);
  const sealed = user ? encrypt(user, engine, scopedPdu) : undefined;
  const usm = sequence(octets(engine.id), integer(engine.boots), integer(engine.time), octets(user?.name ?? ''), octets(Buffer.alloc(user ? macLength(user.authProtocol) : 0)), octets(sealed?.salt ?? ''));
  const header = sequence(integer(msgId), integer(MAX_MESSAGE_SIZE), octets(Buffer.from([flags])), integer(3));
  const message = sequence(integer(3), header, octets(usm), sealed ? octets(sealed.data) : scopedPdu);
  if (!user) return message;
  const { start } = parseMessage(message).auth!;
  authenticationCode(user.authProtocol, localizeKey(user.authProtocol, user.authKey, engine.id), message).copy(message, start);
  return message;
}

function readPdu(reader: BerReader): Pdu {
  const type = reader.peekTag();
  if (type === undefined || type < 0xa0 || type > 0xa8) throw new ResponseInvalidError(`Unknown PDU type '${type}' in response`);
  const pdu = reader.enter(type);
  return { type, id: pdu.integer(), errorStatus: pdu.integer(), errorIndex: pdu.integer(), varbinds: pdu.varbinds() };
}

function readScopedPdu(reader: BerReader): Pdu {
  const scoped = reader.enter(Tag.Sequence);
  scoped.bytes(); // contextEngineID
  scoped.bytes(); // contextName
  return readPdu(scoped);
}

function parseMessage(raw: Buffer): Incoming {
  const outer = new BerReader(raw).enter(Tag.Sequence);
  const version = outer.integer();
  if (version !== 3) {
    const community = outer.bytes();
    const pdu = readPdu(outer);
    return { version, id: pdu.id, community, pdu, flags: 0, raw };
  }
  const header = outer.enter(Tag.Sequence);
  const id = header.integer(); // msgID
  header.integer(); // msgMaxSize
  const flags = header.bytes()[0] ?? 0;
  header.integer(); // msgSecurityModel
  const usm = outer.enter(Tag.OctetString).enter(Tag.Sequence);
  const engine = { id: Buffer.from(usm.bytes()), boots: usm.integer(), time: usm.integer() };
  usm.bytes(); // msgUserName
  const auth = usm.element(Tag.OctetString);
  const privacy = Buffer.from(usm.bytes());
  const base = { version, id, flags, engine, auth: { start: auth.start, end: auth.end }, privacy, raw };
  if (flags & FLAG_PRIV) return { ...base, encrypted: outer.bytes() };
  return { ...base, pdu: readScopedPdu(outer) };
}

function reportError(pdu: Pdu): ResponseInvalidError {
  const first = pdu.varbinds[0]?.oid;
  if (first?.startsWith(USM_STATS)) {
    const suffix = first.slice(USM_STATS.length + 1).replace(/\.0$/, '');
    return new ResponseInvalidError(USM_ERRORS[suffix] ?? 'Unexpected Report PDU');
  }
  return new ResponseInvalidError('Unexpected Report PDU');
}

/** A Response PDU's error-status as net-snmp words it ("NoSuchName: 1.3.6…"), or the PDU itself. */
function checkResponse(pdu: Pdu): Pdu {
  if (pdu.type === Pdu.Report) throw reportError(pdu);
  if (pdu.type !== Pdu.Response) throw new ResponseInvalidError(`Unknown PDU type '${pdu.type}' in response`);
  if (pdu.errorStatus > 0) {
    const status = ERROR_STATUS[pdu.errorStatus] ?? 'GeneralError';
    const code = ERROR_STATUS.indexOf(status);
    if (pdu.errorIndex <= 0 || pdu.errorIndex > pdu.varbinds.length) throw new RequestFailedError(status, code);
    throw new RequestFailedError(`${status}: ${pdu.varbinds[pdu.errorIndex - 1]!.oid}`, code);
  }
  return pdu;
}

