import type { kindsNb } from './kinds.nb.ts';

export const kindsEn: Record<keyof typeof kindsNb, string> = {
  kind_firewall: 'Firewall',
  kind_router: 'Router',
  kind_switch: 'Switch',
  kind_server: 'Server',
  kind_storage: 'Storage',
  kind_backup: 'Backup',
  kind_platform: 'Platform',
};
