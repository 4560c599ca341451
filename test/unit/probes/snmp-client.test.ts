/**
 * The SNMP client's pure parts: the BER codec (bytes written out by hand from X.690) and USM key
 * localisation and authentication codes, against published vectors and Net-SNMP's own keys.
 */
import { describe, expect, it } from 'vitest';
import { BerError, BerReader, Tag, integer, isVarbindError, octets, oid, sequence, tlv } from '#shared/adapters/probes/snmp-client/ber.ts';
import { authenticationCode, localizeKey } from '#shared/adapters/probes/snmp-client/v3.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('BER writing', () => {
  it('writes INTEGER in the fewest two’s-complement bytes', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(255).toString('hex')).toBe('020200ff');
    expect(integer(-1).toString('hex')).toBe('0201ff');
    expect(integer(-128).toString('hex')).toBe('020180');
    expect(integer(-129).toString('hex')).toBe('0202ff7f');
    expect(integer(2 ** 31 - 1).toString('hex')).toBe('02047fffffff');
    expect(integer(65507).toString('hex')).toBe('020300ffe3');
  });

  it('writes OIDs: 40·X+Y first, then base 128 with the high bit on all but the last byte', () => {
    expect(oid('1.3.6.1.2.1.1.3.0').toString('hex')).toBe('06082b06010201010300');
    // 12356 = 96·128 + 68 → e0 44
    expect(oid('1.3.6.1.4.1.12356.101').toString('hex')).toBe('06082b06010401e04465');
    expect(oid('.1.3.6.1').toString('hex')).toBe('06032b0601');
    expect(() => oid('1.3.six')).toThrow(BerError);
  });

  it('writes short and long definite lengths', () => {
    expect(octets('').toString('hex')).toBe('0400');
    expect(octets(Buffer.alloc(127)).subarray(0, 2).toString('hex')).toBe('047f');
    expect(octets(Buffer.alloc(200)).subarray(0, 3).toString('hex')).toBe('0481c8');
    expect(octets(Buffer.alloc(300)).subarray(0, 4).toString('hex')).toBe('0482012c');
    expect(sequence(integer(1), octets('ab')).toString('hex')).toBe('3007020101040261' + '62');
  });
});

describe('BER reading', () => {
  // A GetResponse PDU (0xa2), request id 7, no error, written out byte by byte.
  const response = hex(`
    a2 5d
      02 01 07  02 01 00  02 01 00
      30 52
        30 0b 06 07 2b 06 01 02 01 01 05   04 00                  -- OCTET STRING ''
        30 0c 06 03 2b 06 01   41 05 00 ff ff ff ff               -- Counter32 4294967295
        30 08 06 03 2b 06 02   02 01 fb                           -- INTEGER -5
        30 0b 06 03 2b 06 03   40 04 c0 a8 01 01                  -- IpAddress
        30 09 06 03 2b 06 04   06 02 2b 06                        -- OID 1.3.6
        30 0a 06 03 2b 06 05   46 03 01 00 00                     -- Counter64, raw bytes
        30 07 06 03 2b 06 06   82 00                              -- endOfMibView
  `.replace(/--[^\n]*/g, ''));

  it('reads every value type as the probe expects it', () => {
    const pdu = new BerReader(response).enter(0xa2);
    expect([pdu.integer(), pdu.integer(), pdu.integer()]).toEqual([7, 0, 0]);
    const varbinds = pdu.varbinds();
    expect(varbinds.map((vb) => [vb.oid, vb.type])).toEqual([
      ['1.3.6.1.2.1.1.5', Tag.OctetString],
      ['1.3.6.1', Tag.Counter32],
      ['1.3.6.2', Tag.Integer],
      ['1.3.6.3', Tag.IpAddress],
      ['1.3.6.4', Tag.OID],
      ['1.3.6.5', Tag.Counter64],
      ['1.3.6.6', Tag.EndOfMibView],
    ]);
    expect(varbinds.map((vb) => vb.value)).toEqual([Buffer.alloc(0), 4294967295, -5, '192.168.1.1', '1.3.6', Buffer.from([1, 0, 0]), null]);
    expect(varbinds.map(isVarbindError)).toEqual([false, false, false, false, false, false, true]);
  });

  it('reads OID arcs beyond 32 bits and long lengths', () => {
    const big = new BerReader(hex('06 07 2b 81 80 80 80 80 00')).oid(); // 2^35
    expect(big).toBe(`1.3.${2 ** 35}`);
    const long = new BerReader(tlv(Tag.OctetString, Buffer.alloc(300, 1))).bytes();
    expect(long.length).toBe(300);
  });

  it('refuses what is not BER instead of reading past the end', () => {
    expect(() => new BerReader(hex('30 82 7f ff 48 54 54 50')).enter(Tag.Sequence)).toThrow(BerError);
    expect(() => new BerReader(hex('02 00')).integer()).toThrow(BerError);
    expect(() => new BerReader(hex('04 80 00 00')).bytes()).toThrow(/indefinite/);
    expect(() => new BerReader(hex('30 03 30 01')).enter(Tag.Sequence).varbinds()).toThrow(BerError);
    expect(() => new BerReader(hex('30 07 30 05 06 01 2b 47 00')).varbinds()).toThrow(/unknown type 0x47/);
    expect(() => new BerReader(hex('04 01 00')).integer()).toThrow(/expected tag 0x2/);
  });
});

describe('USM keys (RFC 3414 A.2, A.3)', () => {
  const engine = hex('000000000000000000000002');

  it('localises "maplesyrup" to the RFC 3414 A.3.1 MD5 key', () => {
    expect(localizeKey('md5', 'maplesyrup', engine).toString('hex')).toBe('526f5eed9fcce26f8964c2930787d82b');
  });

  it('localises "maplesyrup" to the RFC 3414 A.3.2 SHA key', () => {
    expect(localizeKey('sha', 'maplesyrup', engine).toString('hex')).toBe('6695febc9288e36282235fc7151f128497b38f3f');
  });

  it('localises SHA-256 keys as Net-SNMP does (RFC 7860 gives no vector)', () => {
    // Net-SNMP 5.9.3 snmpd, `createUser u256 SHA-256 "maplesyrup" AES "maplesyrup"` and the same
    // with MD5/DES: the localised keys it wrote to its persistent store for its engine ID.
    const netSnmpEngine = hex('80001f8880d9dd7d4a27170a6b00000000');
    expect(localizeKey('sha256', 'maplesyrup', netSnmpEngine).toString('hex')).toBe('5f484ecd001d98ce18db958a2cd130d796ba79d3f9dbc7f4819029686053e6e9');
    expect(localizeKey('md5', 'maplesyrup', netSnmpEngine).toString('hex')).toBe('4322b34f3916a3844d9364f545f2c492');
  });

  it('keys a password per engine', () => {
    expect(localizeKey('sha', 'maplesyrup', hex('000000000000000000000003')).equals(localizeKey('sha', 'maplesyrup', engine))).toBe(false);
  });
});

describe('authentication codes', () => {
  // HMAC vectors "Jefe" / "what do ya want for nothing?": RFC 2104 (MD5), RFC 2202 (SHA-1), RFC 4231 test case 2 (SHA-256).
  const data = Buffer.from('what do ya want for nothing?');
  const key = Buffer.from('Jefe');

  it('is HMAC-MD5-96 and HMAC-SHA-96: the first 12 bytes', () => {
    expect(authenticationCode('md5', key, data).toString('hex')).toBe('750c783e6ab0b503eaa86e31');
    expect(authenticationCode('sha', key, data).toString('hex')).toBe('effcdf6ae5eb2fa2d27416d5');
  });

  it('is usmHMAC192SHA256AuthProtocol: the first 24 bytes (RFC 7860)', () => {
    expect(authenticationCode('sha256', key, data).toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d273983');
  });
});
