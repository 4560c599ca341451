import { describe, expect, it } from 'vitest';
import { enterpriseOf, identify, normaliseRelease, vendorOids, vendorRuleFor, VENDOR_RULES, type IdentityInput } from '#shared/domain/health/device-identity.ts';

const input = (fields: Partial<IdentityInput>): IdentityInput => ({ entities: [], vendorValues: {}, ...fields });

describe('vendor by sysObjectID', () => {
  it('reads the enterprise number', () => {
    expect(enterpriseOf('1.3.6.1.4.1.25461.2.3.29')).toBe(25461);
    expect(enterpriseOf('.1.3.6.1.4.1.9.1.1116')).toBe(9);
    expect(enterpriseOf('1.3.6.1.4.1.25461')).toBe(25461);
    expect(enterpriseOf('1.3.6.1.2.1.1')).toBeUndefined();
    expect(enterpriseOf(undefined)).toBeUndefined();
  });

  it('tells products sharing one enterprise apart by sysDescr', () => {
    expect(vendorRuleFor('1.3.6.1.4.1.12325.1.1.2.1.1', 'pfSense 2.7.2-RELEASE …')?.vendor).toBe('Netgate pfSense');
    expect(vendorRuleFor('1.3.6.1.4.1.12325.1.1.2.1.1', 'OPNsense fw 24.1 OPNsense FreeBSD')?.vendor).toBe('OPNsense');
    expect(vendorRuleFor('1.3.6.1.4.1.12325.1.1.2.1.1', 'FreeBSD host 14.0-RELEASE')?.vendor).toBe('FreeBSD');
  });

  it('has its own serial OID for the vendors a monitor meets most', () => {
    for (const enterprise of [9, 2636, 12356, 25461, 14988, 11, 47196, 8741]) {
      const rule = VENDOR_RULES.find((r) => r.enterprise === enterprise);
      expect(rule?.serialOids?.length, `enterprise ${enterprise}`).toBeGreaterThan(0);
    }
  });

  it('asks for the vendor scalars in one list, without repeats', () => {
    expect(vendorOids(vendorRuleFor('1.3.6.1.4.1.25461', ''))).toEqual(['1.3.6.1.4.1.25461.2.1.2.1.1.0', '1.3.6.1.4.1.25461.2.1.2.1.3.0', '1.3.6.1.4.1.25461.2.1.2.2.1.0']);
    expect(vendorOids(undefined)).toEqual([]);
  });
});

describe('firmware is the OS release', () => {
  const cases: Array<[string, string, string, string]> = [
    ['Cisco IOS', '1.3.6.1.4.1.9.1.359', 'IOS (tm) C2950 Software (C2950-I6K2L2Q4-M), Version 12.1(22)EA14, RELEASE SOFTWARE (fc1)', '12.1(22)EA14'],
    ['Cisco NX-OS', '1.3.6.1.4.1.9.12.3.1.3.1008', 'Cisco NX-OS(tm) n5000, Software (n5000-uk9), Version 7.0(8)N1(1), RELEASE SOFTWARE', '7.0(8)N1(1)'],
    ['Cisco ASA', '1.3.6.1.4.1.9.1.2114', 'Cisco Adaptive Security Appliance Version 9.16(4)', '9.16(4)'],
    ['Junos', '1.3.6.1.4.1.2636.1.1.1.2.41', 'Juniper Networks, Inc. srx100h2 internet router, kernel JUNOS 12.3X48-D35.7, Build date', '12.3X48-D35.7'],
    ['ProCurve (not the ROM)', '1.3.6.1.4.1.11.2.3.7.8.5.2', 'HP Stack, revision KA.15.03.3004, ROM KA.15.05 (/sw/code/build/tam(KA_15_03))', 'KA.15.03.3004'],
    ['AOS-CX', '1.3.6.1.4.1.47196.4.1.1.1.50', 'Aruba JL635A 8325 GL.10.04.2000', 'GL.10.04.2000'],
    ['SonicOS', '1.3.6.1.4.1.8741.1', 'SonicWALL TZ 210 (SonicOS Enhanced 5.9.1.6-5o)', '5.9.1.6-5o'],
    ['VRP', '1.3.6.1.4.1.2011.2.224.1', 'Huawei AR1220 Huawei Versatile Routing Platform Software  VRP (R) software,Version 5.120 (AR1220 V200R003C01SPC900) Copyright', 'V200R003C01SPC900'],
    ['APC (PF, not MB)', '1.3.6.1.4.1.318.1.3.8.4', 'APC Web/SNMP Management Card (MB:v3.9.2 PF:v3.5.9 PN:apc_hw03_aos_359.bin)', '3.5.9'],
    ['pfSense', '1.3.6.1.4.1.12325.1.1.2.1.1', 'pfSense 2.3.2-RELEASE pfSense FreeBSD 10.3-RELEASE-p5 amd64', '2.3.2-RELEASE'],
  ];
  it.each(cases)('%s', (_label, sysObjectId, sysDescr, release) => {
    expect(identify(input({ sysObjectId, sysDescr })).firmware).toBe(release);
  });

  it('prefers the chassis entPhysicalSoftwareRev, and never uses entPhysicalFirmwareRev (the boot ROM is not read at all)', () => {
    const identity = identify(
      input({
        sysObjectId: '1.3.6.1.4.1.9.1.1116',
        sysDescr: 'Cisco IOS Software, Version 15.5(3)S1a',
        entities: [
          { index: 1, class: 3, softwareRev: '16.12.4' },
          { index: 2, class: 9, softwareRev: '99.9' },
        ],
      }),
    );
    expect(identity.firmware).toBe('16.12.4');
  });

  it('reads the vendor version OID before sysDescr and takes the release out of it (FortiOS)', () => {
    const identity = identify(input({ sysObjectId: '1.3.6.1.4.1.12356.101.1.15000', sysDescr: 'our firewall', vendorValues: { '1.3.6.1.4.1.12356.101.4.1.1.0': 'v7.2.5,build1517,230606 (GA.F)' } }));
    expect(identity.firmware).toBe('7.2.5');
  });

  it('does not call a Check Point kernel version its release', () => {
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.2620.1.6.123.1.49', sysDescr: 'Linux hostname 2.6.18-92cpx86_64 #1 SMP' })).firmware).toBeUndefined();
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.2620.1.6.123.1.49', vendorValues: { '1.3.6.1.4.1.2620.1.6.4.1.0': 'R81.20' } })).firmware).toBe('R81.20');
  });

  it('reports a server OS as os, not firmware', () => {
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.8072.3.2.10', sysDescr: 'Linux db01 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian' }))).toEqual({ vendor: 'net-snmp', os: 'Linux 6.1.0-18-amd64' });
  });
});

describe('serial is the chassis serial', () => {
  it('takes the first chassis, never a module or power supply', () => {
    const identity = identify(
      input({
        sysObjectId: '1.3.6.1.4.1.9.1.1116',
        entities: [
          { index: 1, class: 9, serial: 'MODULE-1' },
          { index: 1000, class: 3, serial: 'FOX1234ABCD', modelName: 'ASR1001-X' },
          { index: 2000, class: 6, serial: 'PSU-9' },
        ],
      }),
    );
    expect(identity).toMatchObject({ serial: 'FOX1234ABCD', model: 'ASR1001-X', vendor: 'Cisco' });
  });

  it('takes the root of the containment tree when the agent reports no class at all, and only then', () => {
    const cisco = '1.3.6.1.4.1.9.1.634';
    const rows = [
      { index: 1001, containedIn: 0, serial: 'CAT0912N0CU', modelName: 'WS-C3560-48TS-S' },
      { index: 1003, containedIn: 1001, serial: 'PSU-1' },
    ];
    expect(identify({ sysObjectId: cisco, entities: rows, vendorValues: {} })).toMatchObject({ serial: 'CAT0912N0CU', model: 'WS-C3560-48TS-S' });
    // With classes reported, a root that is not a chassis (a stack, say) is not taken.
    expect(identify({ sysObjectId: cisco, entities: rows.map((e) => ({ ...e, class: 11 })), vendorValues: {} }).serial).toBeUndefined();
  });

  it('falls back to the vendor serial OID, else none — not a sub-component’s', () => {
    const junos = { sysObjectId: '1.3.6.1.4.1.2636.1.1.1.2.41', entities: [{ index: 7, class: 9, serial: 'FPC-SERIAL' }] };
    expect(identify(input({ ...junos, vendorValues: { '1.3.6.1.4.1.2636.3.1.3.0': 'CW2716AF0123' } })).serial).toBe('CW2716AF0123');
    expect(identify(input(junos)).serial).toBeUndefined();
  });

  it('ignores placeholders', () => {
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.14988.1', entities: [{ index: 1, class: 3, serial: '  ' }], vendorValues: { '1.3.6.1.4.1.14988.1.1.7.3.0': 'N/A' } })).serial).toBeUndefined();
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.318.1.3.8.4', vendorValues: { '1.3.6.1.4.1.318.1.1.1.1.2.3.0': 'FFFFFFFFFFFF' } })).serial).toBeUndefined();
  });
});

describe('model', () => {
  it('comes from the chassis model name, else the vendor OID, else sysDescr', () => {
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.25461', vendorValues: { '1.3.6.1.4.1.25461.2.1.2.2.1.0': 'PA-3220' } })).model).toBe('PA-3220');
    expect(identify(input({ sysObjectId: '1.3.6.1.4.1.14988.1', entities: [{ index: 65536, class: 3, descr: 'RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD' }] }))).toMatchObject({
      model: 'RB952Ui-5ac2nD',
      firmware: '6.40.5',
    });
  });
});

describe('normaliseRelease', () => {
  it.each([
    ['PAN-OS 10.2.9-h1', '10.2.9-h1'],
    ['v7.2.5', '7.2.5'],
    ['FortiOS v7.2.5', '7.2.5'],
    ['JUNOS 21.4R3-S5', '21.4r3-s5'],
    ['Version 15.5(3)S1a', '15.5(3)s1a'],
    ['  17.9.4a ', '17.9.4a'],
  ])('%s → %s', (raw, normal) => {
    expect(normaliseRelease(raw)).toBe(normal);
  });

  it('keeps different releases different', () => {
    expect(normaliseRelease('PAN-OS 10.2.9-h1')).not.toBe(normaliseRelease('10.2.9'));
  });
});
