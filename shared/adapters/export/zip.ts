import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A ZIP archive (PKWARE APPNOTE 6.3, the subset an XLSX package needs): every entry deflated, UTF-8
 * names, no ZIP64 (a workbook of 4 GiB is far beyond what an export makes; it is refused, not
 * written broken). `node:zlib` does the compression and the CRC-32 (`zlib.crc32`, Node 20.15+/22.2+).
 */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, no leading slash. */
  name: string;
  data: Buffer | string;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 2.0: deflate. */
const VERSION = 20;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

/** `modified` stamps every entry (MS-DOS date and time, local to nobody: taken as UTC). */
export function zip(entries: readonly ZipEntry[], modified: Date = new Date(Date.UTC(1980, 0, 1))): Buffer {
  const { time, date } = dosDateTime(modified);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const compressed = deflateRawSync(data);
    const crc = crc32(data);
    if (data.length > MAX_32 || offset + compressed.length > MAX_32) throw new Error('zip: entry too large for a ZIP without ZIP64');

    // Both headers carry the same run of fields: version needed … name length.
    const fields = { time, date, crc, compressedSize: compressed.length, size: data.length, nameLength: name.length };
    const local = Buffer.alloc(30); // the extra field length at 28 stays zero
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeEntryFields(local, 4, fields);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4); // made by (MS-DOS attributes)
    writeEntryFields(header, 6, fields);
    // extra, comment, disk number, internal and external attributes: all zero (Buffer.alloc).
    header.writeUInt32LE(offset, 42);

    parts.push(local, name, compressed);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = central.reduce((size, part) => size + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  // disk numbers at 4 and 6 stay zero
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** Version needed, flags, method, time, date, CRC-32, sizes and name length: 26 bytes from `at`. */
function writeEntryFields(buffer: Buffer, at: number, fields: { time: number; date: number; crc: number; compressedSize: number; size: number; nameLength: number }): void {
  buffer.writeUInt16LE(VERSION, at);
  buffer.writeUInt16LE(UTF8_NAMES, at + 2);
  buffer.writeUInt16LE(DEFLATE, at + 4);
  buffer.writeUInt16LE(fields.time, at + 6);
  buffer.writeUInt16LE(fields.date, at + 8);
  buffer.writeUInt32LE(fields.crc, at + 10);
  buffer.writeUInt32LE(fields.compressedSize, at + 14);
  buffer.writeUInt32LE(fields.size, at + 18);
  buffer.writeUInt16LE(fields.nameLength, at + 22);
}

/** MS-DOS time (2-second resolution) and date (years from 1980) of a UTC instant. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
