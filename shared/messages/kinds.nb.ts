/** Device kinds as a person reads them (singular, capitalised as a table cell or label), bokmål. */
export const kindsNb = {
  kind_firewall: 'Brannmur',
  kind_router: 'Ruter',
  kind_switch: 'Svitsj',
  kind_server: 'Server',
  kind_storage: 'Lagring',
  kind_backup: 'Sikkerhetskopi',
  kind_platform: 'Plattform',
} as const;
