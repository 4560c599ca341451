/**
 * What a network device says about itself over SNMP, turned into inventory facts: vendor, model,
 * operating-system release ("firmware") and chassis serial. Pure: the SNMP probe reads the values,
 * these rules decide what they mean. Checked against recordings of real devices
 * (`test/fixtures/snmprec/`, see docs/snmp-corpus.md).
 *
 * The order of trust, the same for every vendor:
 *  - firmware: ENTITY-MIB entPhysicalSoftwareRev of the chassis; else the vendor's own version OID;
 *    else the vendor's pattern on sysDescr (or the chassis description). Never entPhysicalFirmwareRev
 *    or a "ROM"/boot version: that is the boot loader, and comparing it gives false drift.
 *  - serial: entPhysicalSerialNum of the chassis (class 3); else the vendor's serial OID; else none.
 *    Never a module's, power supply's or transceiver's serial.
 *  - model: entPhysicalModelName of the chassis; else the vendor's model OID; else its sysDescr pattern.
 *  - vendor: the enterprise number in sysObjectID (1.3.6.1.4.1.<n>…).
 */

export interface VendorRule {
  /** IANA enterprise number (the arc after 1.3.6.1.4.1 in sysObjectID). */
  enterprise: number;
  vendor: string;
  /** Only when sysDescr matches (one enterprise number, several products: pfSense and OPNsense). */
  when?: RegExp;
  /** First capture group = the OS release, tried on the vendor version OID's value, then on sysDescr and the chassis description. */
  firmware?: RegExp;
  /** First capture group = the model, tried on sysDescr and the chassis description. */
  model?: RegExp;
  /** Scalar OIDs (with the `.0`) holding the OS release, the chassis serial and the model. */
  versionOids?: string[];
  serialOids?: string[];
  modelOids?: string[];
  /** Servers: the release is the operating system's, reported as `os` rather than firmware. */
  osOnly?: boolean;
}

/** Dell OpenManage chassis service tag and model (servers of any OS). */
const DELL_SERVICE_TAG = '1.3.6.1.4.1.674.10892.1.300.10.1.11.1';
const DELL_MODEL = '1.3.6.1.4.1.674.10892.1.300.10.1.9.1';

/** Per-vendor rules. Each OID is named in the comment so it can be looked up in the vendor's MIB. */
export const VENDOR_RULES: readonly VendorRule[] = [
  // CISCO-*: IOS, IOS-XE, NX-OS, ASA and Firepower all say "Version x" in sysDescr; the old chassis MIB has the serial.
  { enterprise: 9, vendor: 'Cisco', firmware: /\bVersion ([0-9][^,\s]*)/, serialOids: ['1.3.6.1.4.1.9.3.6.3.0'] },
  // JUNIPER-MIB jnxBoxSerialNo; "kernel JUNOS 12.3X48-D35.7," in sysDescr.
  { enterprise: 2636, vendor: 'Juniper', firmware: /\bJUNOS ([0-9][^,\s]*)/, model: /^Juniper Networks, Inc\. (\S+)/, serialOids: ['1.3.6.1.4.1.2636.3.1.3.0'] },
  // FORTINET-FORTIGATE-MIB fgSysVersion ("v7.2.5,build1517,…"), FORTINET-CORE-MIB fnSysSerial.
  { enterprise: 12356, vendor: 'Fortinet', firmware: /\bv?(\d+\.\d+\.\d+)/, versionOids: ['1.3.6.1.4.1.12356.101.4.1.1.0'], serialOids: ['1.3.6.1.4.1.12356.100.1.1.1.0'] },
  // PAN-COMMON-MIB panSysSwVersion, panSysSerialNumber, panChassisType.
  {
    enterprise: 25461,
    vendor: 'Palo Alto Networks',
    firmware: /^(?:PAN-OS )?(\d+\.\d+\.\d+\S*)/,
    versionOids: ['1.3.6.1.4.1.25461.2.1.2.1.1.0'],
    serialOids: ['1.3.6.1.4.1.25461.2.1.2.1.3.0'],
    modelOids: ['1.3.6.1.4.1.25461.2.1.2.2.1.0'],
  },
  // MIKROTIK-MIB mtxrLicVersion (RouterOS), mtxrSerialNumber. mtxrFirmwareVersion is RouterBOOT: not used.
  {
    enterprise: 14988,
    vendor: 'MikroTik',
    firmware: /^(?:RouterOS )?(\d+\.\d+(?:\.\d+)?)/,
    model: /\bon (\S+)$/,
    versionOids: ['1.3.6.1.4.1.14988.1.1.4.4.0'],
    serialOids: ['1.3.6.1.4.1.14988.1.1.7.3.0'],
  },
  // HP ProCurve: "revision KA.15.03.3004, ROM KA.15.05" — the revision, never the ROM. SEMI-MIB hpHttpMgSerialNumber.
  { enterprise: 11, vendor: 'HPE', firmware: /\brevision ([A-Z]{1,2}\.\d+\.\d+\.\d+)/, serialOids: ['1.3.6.1.4.1.11.2.36.1.1.2.9.0'] },
  // HPE Aruba (AOS-CX): "Aruba JL635A 8325 GL.10.04.2000".
  { enterprise: 47196, vendor: 'HPE Aruba', firmware: /\b([A-Z]{2}\.\d{2}\.\d{2}\.\d{4})\b/, model: /^Aruba (\S+)/, serialOids: ['1.3.6.1.4.1.11.2.36.1.1.2.9.0'] },
  // SNWL-COMMON-MIB snwlSysSerialNumber; "SonicOS Enhanced 5.9.1.6-5o" in sysDescr (snwlSysROMVersion is the boot ROM: not used).
  { enterprise: 8741, vendor: 'SonicWall', firmware: /\bSonicOS (?:Enhanced )?(\d[^\s)]*)/, model: /^SonicWALL (.+?) \(/, serialOids: ['1.3.6.1.4.1.8741.2.1.1.2.0'] },
  // CHECKPOINT-MIB svnVersion ("R80.40"), svnApplianceSerialNumber. Gaia's sysDescr is the Linux kernel: never a release.
  { enterprise: 2620, vendor: 'Check Point', firmware: /^(R\d+(?:\.\d+)?)/, versionOids: ['1.3.6.1.4.1.2620.1.6.4.1.0'], serialOids: ['1.3.6.1.4.1.2620.1.6.16.3.0'] },
  // Huawei VRP: "Version 5.120 (AR1220 V200R003C01SPC900)" — the release is the V…R…C… name.
  { enterprise: 2011, vendor: 'Huawei', firmware: /\((?:\S+ )?(V\d{3}R\d{3}\S*)\)/, model: /\((\S+) V\d{3}R/ },
  // pfSense and OPNsense answer with FreeBSD's bsnmpd (enterprise 12325, "begemot").
  { enterprise: 12325, vendor: 'Netgate pfSense', when: /^pfSense /, firmware: /^pfSense (\S+)/ },
  { enterprise: 12325, vendor: 'OPNsense', when: /^OPNsense /, firmware: /^OPNsense \S+ (\S+)/ },
  { enterprise: 12325, vendor: 'FreeBSD', firmware: /\bFreeBSD (\S+)/, osOnly: true },
  // VMware ESXi: "VMware ESXi 7.0.0 build-15843807".
  { enterprise: 6876, vendor: 'VMware', firmware: /\bESXi (\d\S*)/, osOnly: true },
  // APC network management card: "PF:v3.5.9" is the AOS firmware; "MB:" is the board's boot monitor.
  { enterprise: 318, vendor: 'APC', firmware: /\bPF:v(\S+)/, model: /\bMN:(\S+)/, serialOids: ['1.3.6.1.4.1.318.1.1.1.1.2.3.0'], modelOids: ['1.3.6.1.4.1.318.1.1.1.1.1.1.0'] },
  // Synology DSM: SYNOLOGY-SYSTEM-MIB serialNumber, version, modelName.
  { enterprise: 6574, vendor: 'Synology', firmware: /^DSM (\S+)/, versionOids: ['1.3.6.1.4.1.6574.1.5.3.0'], serialOids: ['1.3.6.1.4.1.6574.1.5.2.0'], modelOids: ['1.3.6.1.4.1.6574.1.5.1.0'] },
  { enterprise: 24681, vendor: 'QNAP', firmware: /^(\S+) \S+ (\d[^\s#]*)/, osOnly: true },
  // Windows: "Software: Windows Version 6.1 (Build 7601 …)". The hardware may be a Dell.
  { enterprise: 311, vendor: 'Microsoft', firmware: /Software: (Windows) Version ([\d.]+)/, serialOids: [DELL_SERVICE_TAG], modelOids: [DELL_MODEL], osOnly: true },
  // net-snmp (Linux and others): "Linux host 4.9.0 #1 SMP …" → "Linux 4.9.0".
  { enterprise: 8072, vendor: 'net-snmp', firmware: /^(\S+) \S+ (\d[^\s#]*)/, serialOids: [DELL_SERVICE_TAG], modelOids: [DELL_MODEL], osOnly: true },
];

/** The enterprise number in a sysObjectID (`1.3.6.1.4.1.25461.2.3.29` → 25461), if it is one. */
export function enterpriseOf(sysObjectId: string | undefined): number | undefined {
  const match = /^\.?1\.3\.6\.1\.4\.1\.(\d+)(?:\.|$)/.exec(sysObjectId ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The rule for a device, by its sysObjectID's enterprise and (where several share one) its sysDescr. */
export function vendorRuleFor(sysObjectId: string | undefined, sysDescr = ''): VendorRule | undefined {
  const enterprise = enterpriseOf(sysObjectId);
  if (enterprise === undefined) return undefined;
  return VENDOR_RULES.find((rule) => rule.enterprise === enterprise && (!rule.when || rule.when.test(sysDescr)));
}

/** Every vendor OID a probe should GET for this device (one request, whatever the vendor). */
export function vendorOids(rule: VendorRule | undefined): string[] {
  return rule ? [...new Set([...(rule.versionOids ?? []), ...(rule.serialOids ?? []), ...(rule.modelOids ?? [])])] : [];
}

/** One ENTITY-MIB entPhysicalTable row, as far as identity needs it. */
export interface PhysicalEntity {
  index: number;
  class?: number;
  /** entPhysicalContainedIn: 0 for the root of the containment tree. */
  containedIn?: number;
  descr?: string;
  modelName?: string;
  serial?: string;
  softwareRev?: string;
}

export interface IdentityInput {
  sysDescr?: string;
  sysObjectId?: string;
  entities: PhysicalEntity[];
  /** Values of the vendor OIDs that answered (OID → text). */
  vendorValues: Record<string, string>;
}

export interface DeviceIdentity {
  vendor?: string;
  model?: string;
  firmware?: string;
  os?: string;
  serial?: string;
}

/** ENTITY-MIB PhysicalClass chassis(3). */
const CHASSIS = 3;

/** Placeholders agents put where they have no value. */
function meaningful(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  if (!trimmed || /^(n\/?a|none|unknown|not available|0+|f+|\.+|-+)$/i.test(trimmed)) return undefined;
  return trimmed;
}

function capture(pattern: RegExp | undefined, ...texts: Array<string | undefined>): string | undefined {
  if (!pattern) return undefined;
  for (const text of texts) {
    const match = text ? pattern.exec(text) : null;
    if (match) return meaningful(match.slice(1).filter(Boolean).join(' '));
  }
  return undefined;
}

/**
 * The chassis rows: class chassis(3); when the agent reports no class at all (some Cisco IOS
 * agents leave the column out), the root of the containment tree (entPhysicalContainedIn 0).
 */
function chassisOf(entities: readonly PhysicalEntity[]): PhysicalEntity[] {
  const byIndex = (a: PhysicalEntity, b: PhysicalEntity) => a.index - b.index;
  const declared = entities.filter((e) => e.class === CHASSIS);
  if (declared.length > 0 || entities.some((e) => e.class !== undefined)) return declared.sort(byIndex);
  return entities.filter((e) => e.containedIn === 0).sort(byIndex).slice(0, 1);
}

/** Vendor, model, release and serial of a device, by the rules above. */
export function identify(input: IdentityInput): DeviceIdentity {
  const sysDescr = input.sysDescr?.trim() ?? '';
  const rule = vendorRuleFor(input.sysObjectId, sysDescr);
  const chassis = chassisOf(input.entities);
  const firstOf = (pick: (e: PhysicalEntity) => string | undefined) => chassis.map((e) => meaningful(pick(e))).find(Boolean);
  const vendorValue = (oids: string[] | undefined) => (oids ?? []).map((oid) => meaningful(input.vendorValues[oid])).find(Boolean);
  const chassisDescr = firstOf((e) => e.descr);

  // Some chassis rows carry more than the release ("FortiGate-1500D v6.4.8,build1914,211117 (GA)"):
  // the vendor's pattern picks the release out of it; a bare revision is taken as it is.
  const chassisRevision = firstOf((e) => e.softwareRev);
  const chassisSoftware = capture(rule?.firmware, chassisRevision) ?? chassisRevision;
  const release =
    capture(rule?.firmware, ...(rule?.versionOids ?? []).map((oid) => input.vendorValues[oid])) ?? capture(rule?.firmware, sysDescr, chassisDescr);
  const identity: DeviceIdentity = {};
  if (rule) identity.vendor = rule.vendor;
  const model = firstOf((e) => e.modelName) ?? vendorValue(rule?.modelOids) ?? capture(rule?.model, sysDescr, chassisDescr);
  if (model) identity.model = model;
  // The chassis' own software revision is the firmware, for any device; the vendor rule's release
  // is the firmware of an appliance and the operating system of a server.
  if (chassisSoftware) identity.firmware = chassisSoftware;
  else if (release) identity[rule?.osOnly ? 'os' : 'firmware'] = release;
  const serial = firstOf((e) => e.serial) ?? vendorValue(rule?.serialOids);
  if (serial) identity.serial = serial;
  return identity;
}

/** Names vendors put in front of a release: `PAN-OS 10.2.9-h1`, `FortiOS v7.2.5`, `Version 15.5(3)S1a`. */
const RELEASE_PREFIX = /^(?:(?:pan-?os|fortios|junos|cisco|ios(?:-xe|-xr)?|nx-?os|asa|routeros|sonicos(?: enhanced)?|gaia|vrp|aos-?cx|arubaos(?:-cx)?|dsm|esxi|vmware|version|release|firmware|software|os)\b[\s:]*)+/i;

/**
 * A release in comparable form, so a correct device shows no drift: case folded, vendor prefix and a
 * leading "v" dropped, whitespace collapsed. `PAN-OS 10.2.9-h1` = `10.2.9-h1`, `v7.2.5` = `7.2.5`.
 */
export function normaliseRelease(value: string): string {
  return value.trim().replace(RELEASE_PREFIX, '').replace(/^v(?=\d)/i, '').replace(/\s+/g, ' ').toLowerCase().trim();
}
