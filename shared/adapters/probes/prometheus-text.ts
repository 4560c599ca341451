/**
 * A parser for the Prometheus text exposition format (version 0.0.4), as node_exporter serves it:
 *
 *   # HELP node_load1 1m load average.
 *   # TYPE node_load1 gauge
 *   node_load1 0.21
 *   node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1.2e+10
 *
 * Handles comments, HELP/TYPE lines, labels with `\\`, `\"` and `\n` escapes and a trailing
 * comma, NaN and ±Inf values and optional timestamps. Anything else fails with the line number,
 * so an HTML page or other garbage answered with 200 is reported as such, not as "no data".
 */

export interface Sample {
  name: string;
  /** Null-prototype object: a label may be called anything the grammar allows, even `__proto__`. */
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface MetricFamilyInfo {
  type?: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
}

export interface Exposition {
  samples: Sample[];
  families: Map<string, MetricFamilyInfo>;
}

export class ExpositionParseError extends Error {
  constructor(readonly line: number, reason: string, text: string) {
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    super(`line ${line}: ${reason}: ${JSON.stringify(shown)}`);
    this.name = 'ExpositionParseError';
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const METRIC_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parsePrometheusText(text: string): Exposition {
  const samples: Sample[] = [];
  const families = new Map<string, MetricFamilyInfo>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/\r$/, '');
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      parseComment(line, index + 1, families);
      continue;
    }
    samples.push(parseSample(line, index + 1));
  }
  return { samples, families };
}

function parseComment(line: string, lineNo: number, families: Map<string, MetricFamilyInfo>): void {
  const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!match) return; // an ordinary comment
  const [, keyword, name, rest = ''] = match as unknown as [string, 'HELP' | 'TYPE', string, string | undefined];
  if (!METRIC_NAME.test(name)) throw new ExpositionParseError(lineNo, 'invalid metric name in comment', line);
  const family = families.get(name) ?? {};
  if (keyword === 'TYPE') {
    const type = rest.trim();
    if (!METRIC_TYPES.has(type)) throw new ExpositionParseError(lineNo, `unknown metric type '${type}'`, line);
    family.type = type as MetricFamilyInfo['type'];
  } else {
    family.help = rest.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
  }
  families.set(name, family);
}

function parseSample(line: string, lineNo: number): Sample {
  let pos = 0;
  const fail = (reason: string): never => {
    throw new ExpositionParseError(lineNo, reason, line);
  };
  const skipBlanks = () => {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
  };

  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) fail('expected a metric name');
  const name = nameMatch![0];
  pos = name.length;
  skipBlanks();

  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      skipBlanks();
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(pos));
      if (!labelMatch) fail('expected a label name');
      const labelName = labelMatch![0];
      pos += labelName.length;
      skipBlanks();
      if (line[pos] !== '=') fail(`expected '=' after label ${labelName}`);
      pos++;
      skipBlanks();
      if (line[pos] !== '"') fail(`expected '"' to open the value of label ${labelName}`);
      pos++;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) fail(`unterminated value of label ${labelName}`);
        pos++;
        if (c === '"') break;
        if (c === '\\') {
          const escaped = line[pos++];
          if (escaped === '\\') value += '\\';
          else if (escaped === '"') value += '"';
          else if (escaped === 'n') value += '\n';
          else fail(`invalid escape \\${escaped ?? ''} in label ${labelName}`);
        } else value += c;
      }
      if (Object.prototype.hasOwnProperty.call(labels, labelName)) fail(`duplicate label ${labelName}`);
      labels[labelName] = value;
      skipBlanks();
      if (line[pos] === ',') {
        pos++;
        continue;
      }
      if (line[pos] === '}') {
        pos++;
        break;
      }
      fail(`expected ',' or '}' after label ${labelName}`);
    }
    skipBlanks();
  } else if (line[pos] === undefined) {
    fail('missing value');
  } else if (pos === name.length) {
    fail('expected blanks after the metric name');
  }

  const tokens = line.slice(pos).split(/[ \t]+/).filter((token) => token !== '');
  if (tokens.length === 0) fail('missing value');
  if (tokens.length > 2) fail('unexpected text after the timestamp');
  const value = parseValue(tokens[0]!);
  if (value === undefined) fail(`invalid value '${tokens[0]}'`);
  const sample: Sample = { name, labels, value: value! };
  if (tokens[1] !== undefined) {
    if (!/^-?\d+$/.test(tokens[1])) fail(`invalid timestamp '${tokens[1]}'`);
    sample.timestampMs = Number(tokens[1]);
  }
  return sample;
}

/** Go's ParseFloat spellings that exporters use: decimals, exponents, NaN, ±Inf. */
function parseValue(token: string): number | undefined {
  const lower = token.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (/^\+?inf(inity)?$/.test(lower)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/.test(lower)) return Number.NEGATIVE_INFINITY;
  if (!FLOAT.test(token)) return undefined;
  return Number(token);
}

/** Samples of one metric whose labels include all of `match`. */
export function samplesOf(exposition: Exposition, name: string, match: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter(
    (sample) => sample.name === name && Object.entries(match).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The value of a metric with at most one series (gauges like `node_load1`), or undefined. */
export function valueOf(exposition: Exposition, name: string, match: Record<string, string> = {}): number | undefined {
  return samplesOf(exposition, name, match)[0]?.value;
}
