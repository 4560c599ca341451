/**
 * Stands in for the package `smart-buffer` in the Lambda bundles (infra/constructs/driftsbilde-function.ts,
 * UNUSED_PACKAGE_STUBS). net-snmp needs it only for its AgentX sub-agent, which the SNMP probe
 * never starts; the stub keeps 13 KB out of the collector's bundle and says so should anything call it.
 */
function leftOut(): never {
  throw new Error('smart-buffer is left out of the Lambda bundles: net-snmp uses it only for AgentX, which Driftsbilde does not run');
}

export class SmartBuffer {
  constructor() {
    leftOut();
  }

  static fromBuffer(): never {
    return leftOut();
  }
}
