import { describe, expect, it } from 'vitest';
import { healthEn } from '#shared/messages/health.en.ts';
import { healthNb } from '#shared/messages/health.nb.ts';
import { checkMessage, incidentTitle, timelineText } from '#shared/messages/health.ts';
import { checkMessageText, incidentTitleText, renderHealth, timelineEntryText } from '#shared/messages/health.i18n.ts';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)(?::\w+)?\}/g)].map((match) => match[1]!).sort();

describe('health catalogues', () => {
  it('have every code in both languages, with the same parameters and no empty text', () => {
    expect(Object.keys(healthEn).sort()).toEqual(Object.keys(healthNb).sort());
    for (const [code, nb] of Object.entries(healthNb)) {
      const en = healthEn[code as keyof typeof healthNb];
      expect(nb.trim(), code).not.toBe('');
      expect(en.trim(), code).not.toBe('');
      // A plural's _one form may say "1"/"én" in words instead of {count}; every other parameter must agree.
      const without = (names: string[]) => names.filter((name) => !(code.endsWith('_one') && name === 'count'));
      expect(without(placeholders(nb)), code).toEqual(without(placeholders(en)));
    }
  });

  it('say the uptime as "oppe i 37 dager" in bokmål and "up 37 days" in English', () => {
    const seconds = 37 * 86_400 + 4 * 3_600 + 12;
    expect(renderHealth('nb', { code: 'check.uptime', params: { seconds } })).toBe('oppe i 37 dager');
    expect(renderHealth('en', { code: 'check.uptime', params: { seconds } })).toBe('up 37 days');
    expect(renderHealth('nb', { code: 'check.uptime', params: { seconds: 86_400 } })).toBe('oppe i 1 dag');
  });

  it('choose the plural form by count', () => {
    expect(renderHealth('nb', { code: 'check.cpu-mean', params: { percent: 97.5, count: 1 } })).toBe('CPU 97,5 % (én prosessor)');
    expect(renderHealth('nb', { code: 'check.cpu-mean', params: { percent: 97.5, count: 4 } })).toBe('CPU 97,5 % (snitt av 4 prosessorer)');
    expect(renderHealth('en', { code: 'check.cpu-mean', params: { percent: 97.5, count: 1 } })).toBe('CPU 97.5 % (mean of 1 processor)');
    expect(renderHealth('en', { code: 'check.cpu-mean', params: { percent: 97.5, count: 4 } })).toBe('CPU 97.5 % (mean of 4 processors)');
    expect(renderHealth('nb', { code: 'check.restic-newest', params: { age: 7_200, rpoHours: 24, count: 1 } })).toBe('nyeste øyeblikksbilde er 2 timer gammelt (RPO 24 t), 1 øyeblikksbilde');
    expect(renderHealth('nb', { code: 'check.restic-newest', params: { age: 60, rpoHours: 24, count: 12 } })).toBe('nyeste øyeblikksbilde er 1 minutt gammelt (RPO 24 t), 12 øyeblikksbilder');
    expect(renderHealth('nb', { code: 'incident.resolved-by-monitor', params: { count: 1 } })).toBe('Løst av overvåkingen: ingen sjekk er kritisk lenger (hver besto 1 gang på rad)');
  });

  it('render a code named in a parameter into its place (interface states, backup results, certificates)', () => {
    const down = { name: 'wan', state: 'down', stateTextCode: 'check.if-state.down' };
    expect(renderHealth('nb', { code: 'check.interface-state', params: down })).toBe('wan er nede');
    expect(renderHealth('en', { code: 'check.interface-state-admin-down', params: down })).toBe('wan is down (administratively down)');
    for (const state of ['up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown']) expect(healthNb).toHaveProperty([`check.if-state.${state}`]);
    for (const result of ['success', 'warning', 'failed']) expect(healthNb).toHaveProperty([`backup.result.${result}`]);
    expect(renderHealth('nb', { code: 'check.certificate-expires', params: { whoCode: 'check.certificate-for', subject: 'web.kr-ikt.no', count: 10, date: '2026-12-07' } })).toBe(
      'sertifikatet for web.kr-ikt.no utløper om 10 dager (07.12.2026)',
    );
    expect(renderHealth('en', { code: 'backup.job-system', params: { job: 'nightly', system: 'veeam', resultTextCode: 'backup.result.failed', end: '2026-11-27T02:00:00.000Z' } })).toBe(
      'nightly (veeam): failed, ended 2026-11-27',
    );
  });

  it('group numbers per language: a timeout of 5000 ms', () => {
    expect(renderHealth('nb', { code: 'check.no-answer', params: { ms: 5000 } })).toBe('ikke svar innen 5\u00a0000 ms');
    expect(renderHealth('en', { code: 'check.no-answer', params: { ms: 5000 } })).toBe('no answer within 5,000 ms');
  });
});

describe('coded health texts', () => {
  it('a check result carries its code, raw parameters and the English message rendered from the en catalogue', () => {
    const said = checkMessage('check.interfaces-down', { count: 2, enabled: 6, names: 'wan, lan3' });
    expect(said).toEqual({ message: '2 of 6 enabled interfaces down: wan, lan3', messageCode: 'check.interfaces-down', messageParams: { count: 2, enabled: 6, names: 'wan, lan3' } });
    expect(checkMessageText('nb', said)).toBe('2 av 6 påslåtte grensesnitt er nede: wan, lan3');
    expect(checkMessage('check.no-metrics')).toEqual({ message: 'the answer holds no metrics', messageCode: 'check.no-metrics' });
  });

  it('an old stored check without a code keeps its message', () => {
    expect(checkMessageText('nb', { message: 'up 12 days' })).toBe('up 12 days');
  });

  it('a timeline entry names its checks with their messages in the reader’s language', () => {
    const ping = checkMessage('check.no-answer', { ms: 5000 });
    const entry = timelineText('incident.opened', {}, [{ check: 'ping', ...ping }, { check: 'snmp.uptime' }]);
    expect(entry.text).toBe('ping: no answer within 5,000 ms; snmp.uptime');
    expect(timelineEntryText('nb', entry)).toBe('Åpnet av overvåkingen: ping: ikke svar innen 5\u00a0000 ms; snmp.uptime');
    expect(timelineEntryText('nb', { text: 'fiber cut at the river' })).toBe('fiber cut at the river');
    expect(timelineEntryText('nb', timelineText('incident.acknowledged-by', { by: 'kari' }))).toBe('Kvittert av kari');
  });

  it('an automatic incident’s title is the device’s name and its checks', () => {
    const title = incidentTitle('Brannmur 1', ['ping', 'snmp.if-wan']);
    expect(title.title).toBe('Brannmur 1: ping, snmp.if-wan critical');
    expect(incidentTitleText('nb', title)).toBe('Brannmur 1: ping, snmp.if-wan kritisk');
    expect(incidentTitleText('nb', { title: 'Fiberbrudd' })).toBe('Fiberbrudd');
  });
});
