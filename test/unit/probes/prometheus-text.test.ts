import { describe, expect, it } from 'vitest';
import { ExpositionParseError, parsePrometheusText, samplesOf, valueOf } from '#shared/adapters/probes/prometheus-text.ts';

describe('parsePrometheusText', () => {
  it('reads HELP, TYPE, plain samples, labels and timestamps', () => {
    const parsed = parsePrometheusText(
      [
        '# HELP node_load1 1m load average.',
        '# TYPE node_load1 gauge',
        'node_load1 0.21',
        '# a free comment',
        '',
        'node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1.2e+10 1700000000000',
        '  http_requests_total{code="200",method="get",} 1027',
      ].join('\n'),
    );
    expect(parsed.families.get('node_load1')).toEqual({ type: 'gauge', help: '1m load average.' });
    expect(valueOf(parsed, 'node_load1')).toBe(0.21);
    const [fs] = samplesOf(parsed, 'node_filesystem_avail_bytes', { mountpoint: '/' });
    expect(fs).toMatchObject({ value: 1.2e10, timestampMs: 1_700_000_000_000 });
    expect({ ...fs!.labels }).toEqual({ device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' });
    expect(valueOf(parsed, 'http_requests_total', { method: 'get' })).toBe(1027);
  });

  it('unescapes label values and HELP text', () => {
    const parsed = parsePrometheusText(
      ['# HELP x A \\\\ backslash\\nand a newline', 'x{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb"} 1'].join('\n'),
    );
    expect(parsed.families.get('x')?.help).toBe('A \\ backslash\nand a newline');
    expect({ ...parsed.samples[0]!.labels }).toEqual({ path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' });
  });

  it('keeps braces, commas and equals signs inside quoted label values', () => {
    const parsed = parsePrometheusText('m{a="x,y}=z",b="{"} 2');
    expect({ ...parsed.samples[0]!.labels }).toEqual({ a: 'x,y}=z', b: '{' });
  });

  it('reads NaN, +Inf, -Inf and exponents', () => {
    const parsed = parsePrometheusText(['a NaN', 'b +Inf', 'c -Inf', 'd 1e-3', 'e -0.5', 'f Inf'].join('\n'));
    expect(parsed.samples.map((s) => s.value)).toEqual([Number.NaN, Infinity, -Infinity, 0.001, -0.5, Infinity]);
  });

  it('tolerates CRLF line ends and tabs', () => {
    const parsed = parsePrometheusText('a\t1\r\nb{x="1"}\t2\t3\r\n');
    expect(parsed.samples.map((s) => [s.name, s.value, s.timestampMs])).toEqual([
      ['a', 1, undefined],
      ['b', 2, 3],
    ]);
  });

  it('gives labels named like Object.prototype members no special meaning', () => {
    const parsed = parsePrometheusText('m{__proto__="p",constructor="c"} 1');
    expect(parsed.samples[0]!.labels.__proto__).toBe('p');
    expect(parsed.samples[0]!.labels.constructor).toBe('c');
  });

  it.each([
    ['<html><body>hi</body></html>', /line 1: expected a metric name/],
    ['hello world', /line 1: invalid value 'world'/],
    ['ok', /line 1: missing value/],
    ['m{a="1"', /unterminated|expected/],
    ['m{a=1} 2', /expected '"'/],
    ['m{a="\\x"} 2', /invalid escape/],
    ['m{a="1",a="2"} 3', /duplicate label a/],
    ['m 1 2 3', /unexpected text after the timestamp/],
    ['m 1 1.5', /invalid timestamp/],
    ['# TYPE m gauge\nm 1\n# TYPE n bogus', /line 3: unknown metric type 'bogus'/],
    ['m{1a="x"} 1', /expected a label name/],
  ])('rejects %j with the line and the reason', (text, reason) => {
    expect(() => parsePrometheusText(text)).toThrow(ExpositionParseError);
    expect(() => parsePrometheusText(text)).toThrow(reason);
  });

  it('reads an empty body as no samples', () => {
    expect(parsePrometheusText('\n\n').samples).toEqual([]);
  });
});
