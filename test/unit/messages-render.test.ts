import { describe, expect, it } from 'vitest';
import { formatDuration, langOf, renderMessage } from '#shared/messages/render.ts';

const catalogues = {
  nb: { 'device-count_one': '{count} enhet', 'device-count_other': '{count} enheter', 'check-uptime': 'oppe i {seconds:duration}', 'bill-due': '{amount:nok} forfaller {on:date}' },
  en: { 'device-count_one': '{count} device', 'device-count_other': '{count} devices', 'check-uptime': 'up {seconds:duration}', 'bill-due': '{amount:nok} due {on:date}' },
};

describe('coded texts', () => {
  it('chooses the plural form by count and groups thousands the Norwegian way', () => {
    expect(renderMessage(catalogues, 'nb', { code: 'device-count', params: { count: 1 } })).toBe('1 enhet');
    expect(renderMessage(catalogues, 'nb', { code: 'device-count', params: { count: 12500 } })).toBe('12\u00a0500 enheter');
    expect(renderMessage(catalogues, 'en', { code: 'device-count', params: { count: 12500 } })).toBe('12,500 devices');
  });

  it('renders durations, NOK and dates per language', () => {
    expect(renderMessage(catalogues, 'nb', { code: 'check-uptime', params: { seconds: 37 * 86_400 + 5 } })).toBe('oppe i 37 dager');
    expect(renderMessage(catalogues, 'en', { code: 'check-uptime', params: { seconds: 3_600 } })).toBe('up 1 hour');
    expect(renderMessage(catalogues, 'nb', { code: 'bill-due', params: { amount: 12500, on: '2020-01-31' } })).toBe('12\u00a0500 kr forfaller 31.01.2020');
    expect(formatDuration(90, 'nb')).toBe('1 minutt');
  });

  it('shows an unknown code with its parameters rather than nothing', () => {
    expect(renderMessage(catalogues, 'nb', { code: 'new-server-code', params: { device: 'fw-1' } })).toBe('new-server-code (device=fw-1)');
  });

  it('reads the language from a flag or header, bokmål unless English is asked for', () => {
    expect(langOf('en')).toBe('en');
    expect(langOf('en-GB,en;q=0.9')).toBe('en');
    expect(langOf('nb')).toBe('nb');
    expect(langOf(undefined)).toBe('nb');
  });
});
