import type { PortfolioProject } from '#shared/domain/portfolio/priorities.ts';
import type { BudgetLineInput } from '#shared/schemas/budget-line.ts';
import type { BenefitInput, DecisionLogEntry, ScenarioInput } from '#shared/schemas/portfolio.ts';

/**
 * The KR-IKT demo region's project portfolio (issue 8), as plain data for the seed. Believable,
 * not official: the projects are the kind Kristiansand's action programme 2017–2020 names (SharePoint,
 * main firewalls, backup, digital forms through ID-porten, SvarUt, a joint health network, the server
 * room, the merger into the new Kristiansand in 2020), with round figures.
 *
 * Budget lines: the action programme's three lines, each with its scope — 12.35 MNOK upgrade and
 * reinvestment for the reinvestment plan only, 8 MNOK ICT capacity and security for both, and
 * 10 MNOK digitalisation for projects only. The first two replace the demo's existing lines of the
 * same id (they gain a scope); the third is new. Project envelope per year 2017–2020:
 * 8 000 000 / 4 + 10 000 000 / 4 = 4 500 000 — tighter than the projects' wishes for 2019,
 * so the plan leaves some out.
 *
 * Titles and descriptions are texts people wrote (nb), as a region's own data is.
 */

export const PORTFOLIO_DEMO_REGION_ID = 'kr-ikt';

export const portfolioBudgetLines: BudgetLineInput[] = [
  {
    id: 'oppgradering-reinvestering-2017-2020',
    name: 'Oppgradering og reinvestering 2017–2020',
    fromYear: 2017,
    toYear: 2020,
    amountNok: 12_350_000,
    per: 'total',
    kinds: ['platform'],
    tags: ['datarom'],
    scope: 'reinvestment',
  },
  {
    id: 'ikt-kapasitet-sikkerhet-2017-2020',
    name: 'IKT kapasitet og sikkerhet 2017–2020',
    fromYear: 2017,
    toYear: 2020,
    amountNok: 8_000_000,
    per: 'total',
    kinds: ['firewall', 'router', 'server', 'backup'],
    tags: [],
    scope: 'both',
  },
  {
    id: 'digitalisering-2017-2020',
    name: 'Digitalisering 2017–2020',
    fromYear: 2017,
    toYear: 2020,
    amountNok: 10_000_000,
    per: 'total',
    kinds: [],
    tags: [],
    scope: 'projects',
  },
];

const ALL = ['kristiansand', 'songdalen', 'lillesand', 'birkenes', 'iveland'];
const FELLES = ['kristiansand', 'songdalen', 'iveland'];

const cost = (year: number, investmentNok: number, operatingNok = 0) => ({ year, investmentNok, operatingNok });
const rated = (benefit: number, riskReduction: number, urgency: number, strategicFit: number, costRating: number) => ({
  benefit,
  'risk-reduction': riskReduction,
  urgency,
  'strategic-fit': strategicFit,
  cost: costRating,
});

type DemoProject = Omit<PortfolioProject, 'description' | 'dependsOn' | 'deviceIds' | 'risks' | 'ratings' | 'benefits' | 'costs' | 'benefits'> &
  Partial<Pick<PortfolioProject, 'description' | 'dependsOn' | 'deviceIds' | 'risks' | 'ratings' | 'costs'>> & { benefits?: BenefitInput[] };

function project(fields: DemoProject): PortfolioProject {
  return { description: '', dependsOn: [], deviceIds: [], risks: [], ratings: {}, costs: [], ...fields, benefits: (fields.benefits ?? []).map((b) => ({ values: [], ...b })) };
}

export const portfolioProjects: PortfolioProject[] = [
  project({
    id: 'hovedbrannmur',
    title: 'Bytte hovedbrannmurer i felles driftsmiljø',
    description: 'De to Palo Alto PA-3060 i HA-par er forbi levetid og mister support 31.12.2019. Nytt HA-par med oppdatert trusselbeskyttelse.',
    proposedBy: 'kristiansand',
    participants: FELLES,
    category: 'sikkerhet',
    status: 'approved',
    costs: [cost(2018, 1_700_000, 120_000)],
    deviceIds: ['fw-kris-01', 'fw-kris-02'],
    risks: [
      { description: 'Leveringstid på nytt utstyr forsinker byttet', probability: 2, impact: 3 },
      { description: 'Regelsettet migreres med feil og stopper tjenester', probability: 3, impact: 4 },
    ],
    ratings: rated(4, 5, 5, 4, 3),
    benefits: [
      {
        description: 'Tilgjengelighet i felles driftsmiljø (kritiske enheter)',
        ownerMemberId: 'kristiansand',
        measure: { type: 'availability', environmentId: 'felles-kristiansand' },
        target: 99.5,
        targetDate: '2019-12-31',
      },
    ],
  }),
  project({
    id: 'sharepoint-oppgradering',
    title: 'Oppgradering av SharePoint-plattformen',
    description: 'SharePoint 2010 går ut av support i oktober 2020. Oppgradering til ny versjon, migrering av intranett og samhandlingsrom.',
    proposedBy: 'kristiansand',
    participants: ALL,
    category: 'plattform',
    status: 'approved',
    costs: [cost(2019, 3_100_000, 250_000), cost(2020, 0, 250_000)],
    deviceIds: ['pf-sharepoint'],
    risks: [{ description: 'Tilpassede løsninger lar seg ikke migrere', probability: 3, impact: 3 }],
    ratings: rated(4, 3, 4, 4, 2),
  }),
  project({
    id: 'backup-utvidelse',
    title: 'Utvidelse av backup med disk og kopi utenfor huset',
    description: 'Båndroboten erstattes av diskbasert backup med replikering til Lillesand.',
    proposedBy: 'kristiansand',
    participants: ALL,
    category: 'sikkerhet',
    status: 'approved',
    costs: [cost(2018, 900_000, 60_000), cost(2019, 400_000, 60_000)],
    deviceIds: ['bk-kris-tape-01', 'bk-kris-01'],
    risks: [{ description: 'Linjekapasitet mot Lillesand er for lav for nattlig kopi', probability: 2, impact: 3 }],
    ratings: rated(4, 5, 4, 3, 3),
    benefits: [
      {
        description: 'Backup-dekning i felles driftsmiljø',
        ownerMemberId: 'iveland',
        measure: { type: 'backup-coverage', environmentId: 'felles-kristiansand' },
        target: 98,
        targetDate: '2020-06-30',
      },
    ],
  }),
  project({
    id: 'digitale-skjema-idporten',
    title: 'Digitale skjema med innlogging via ID-porten',
    description: 'Felles skjemaløsning for søknader og meldinger, med innlogging via ID-porten og arkivering i sak/arkiv.',
    proposedBy: 'lillesand',
    participants: ALL,
    category: 'digitalisering',
    status: 'assessed',
    costs: [cost(2018, 1_200_000, 150_000), cost(2019, 800_000, 150_000), cost(2020, 0, 150_000)],
    risks: [{ description: 'Fagsystemene mangler integrasjon mot skjemaløsningen', probability: 3, impact: 3 }],
    ratings: rated(5, 2, 3, 5, 3),
    benefits: [
      {
        description: 'Andel søknader levert digitalt (%)',
        ownerMemberId: 'lillesand',
        measure: { type: 'entered', unit: '%' },
        baseline: 15,
        target: 60,
        targetDate: '2020-12-31',
        values: [
          { date: '2019-06-30', value: 32 },
          { date: '2019-12-31', value: 48 },
        ],
      },
    ],
  }),
  project({
    id: 'svarut',
    title: 'SvarUt og SvarInn for digital post',
    description: 'Utgående brev sendes digitalt via KS SvarUt; inngående via SvarInn rett i sak/arkiv.',
    proposedBy: 'birkenes',
    participants: ALL,
    category: 'digitalisering',
    status: 'approved',
    costs: [cost(2018, 450_000, 90_000), cost(2019, 0, 90_000), cost(2020, 0, 90_000)],
    risks: [{ description: 'Portoinnsparingen uteblir fordi få innbyggere har digital postkasse', probability: 2, impact: 2 }],
    ratings: rated(4, 1, 3, 5, 4),
  }),
  project({
    id: 'min-side',
    title: 'Min side for innbyggerne',
    description: 'Innbyggerne ser egne saker, skjema og svar på ett sted. Bygger på skjemaløsningen med ID-porten.',
    proposedBy: 'kristiansand',
    participants: ALL,
    category: 'digitalisering',
    status: 'assessed',
    costs: [cost(2020, 700_000, 100_000)],
    dependsOn: ['digitale-skjema-idporten'],
    risks: [{ description: 'Leverandørene leverer ikke innsyns-API i tide', probability: 4, impact: 3 }],
    ratings: rated(4, 1, 2, 4, 4),
  }),
  project({
    id: 'helsenett-felles',
    title: 'Felles nett for helsesektoren',
    description: 'Felles tilkobling til Helsenett for legevakt, helsestasjoner og omsorg, med egen brannmur og segmentering.',
    proposedBy: 'lillesand',
    participants: ALL,
    category: 'infrastruktur',
    status: 'assessed',
    costs: [cost(2019, 1_600_000, 200_000), cost(2020, 0, 200_000)],
    deviceIds: ['fw-helse-01', 'srv-lill-helse-01'],
    risks: [
      { description: 'Krav fra Norsk Helsenett endres underveis', probability: 2, impact: 3 },
      { description: 'Pasientdata eksponeres ved feil segmentering', probability: 1, impact: 5 },
    ],
    ratings: rated(4, 4, 3, 5, 3),
    benefits: [
      {
        description: 'Hendelser per måned i felles driftsmiljø',
        ownerMemberId: 'lillesand',
        measure: { type: 'incidents-per-month', environmentId: 'felles-kristiansand' },
        target: 1,
        targetDate: '2020-12-31',
      },
    ],
  }),
  project({
    id: 'serverrom-oppgradering',
    title: 'Oppgradering av serverrommet: kjøling og UPS',
    description: 'Ny kjøling og UPS i datarommet på rådhuset; dagens anlegg er fra 2009.',
    proposedBy: 'kristiansand',
    participants: FELLES,
    category: 'infrastruktur',
    status: 'in-progress',
    costs: [cost(2017, 900_000), cost(2018, 1_100_000, 40_000)],
    deviceIds: ['pf-datarom'],
    risks: [{ description: 'Strømbrudd under omleggingen', probability: 2, impact: 5 }],
    ratings: rated(3, 5, 4, 3, 3),
    benefits: [
      {
        description: 'Timer nedetid per år på grunn av strøm eller kjøling',
        ownerMemberId: 'kristiansand',
        measure: { type: 'entered', unit: 'timer/år' },
        baseline: 14,
        target: 2,
        targetDate: '2019-12-31',
        values: [{ date: '2018-12-31', value: 6 }],
      },
    ],
  }),
  project({
    id: 'nye-kristiansand-2020',
    title: 'Sammenslåingsprosjekt for nye Kristiansand',
    description: 'Kristiansand, Songdalen og Søgne blir nye Kristiansand 1.1.2020: felles katalog, e-post, fagsystemer og nett.',
    proposedBy: 'kristiansand',
    participants: ['kristiansand', 'songdalen'],
    category: 'sammenslåing',
    status: 'approved',
    costs: [cost(2019, 2_500_000), cost(2020, 1_000_000, 300_000)],
    key: { type: 'population' },
    risks: [{ description: 'Tidsfristen 1.1.2020 holdes ikke for alle fagsystemer', probability: 3, impact: 4 }],
    ratings: rated(5, 2, 5, 5, 2),
    forced: 'in',
  }),
  project({
    id: 'kjerneruter',
    title: 'Bytte kjerneruter og WAN-ruter',
    description: 'Hovedruterne fra 2011 og WAN-ruteren byttes; ny ruting mot kommunene.',
    proposedBy: 'kristiansand',
    participants: ALL,
    category: 'infrastruktur',
    status: 'assessed',
    costs: [cost(2018, 1_400_000, 80_000)],
    deviceIds: ['rt-kris-01', 'rt-kris-02', 'rt-kris-wan'],
    risks: [{ description: 'Nedetid for alle kommunene under byttet', probability: 2, impact: 4 }],
    ratings: rated(3, 4, 4, 3, 3),
  }),
  project({
    id: 'lagringsplattform',
    title: 'Ny lagringsplattform (SAN)',
    description: 'SAN-ene fra 2013 og 2014 mister support i 2021. Ny plattform med replikering.',
    proposedBy: 'kristiansand',
    participants: FELLES,
    category: 'infrastruktur',
    status: 'assessed',
    costs: [cost(2019, 2_800_000, 150_000), cost(2020, 0, 150_000)],
    deviceIds: ['st-kris-san-01', 'st-kris-san-02'],
    risks: [{ description: 'Datamigrering tar lengre tid enn planlagt', probability: 3, impact: 3 }],
    ratings: rated(3, 4, 3, 3, 1),
  }),
  project({
    id: 'exchange-oppgradering',
    title: 'Oppgradering av e-post (Exchange)',
    description: 'Exchange 2010 går ut av support i oktober 2020.',
    proposedBy: 'iveland',
    participants: ALL,
    category: 'plattform',
    status: 'assessed',
    costs: [cost(2019, 1_300_000, 100_000)],
    deviceIds: ['pf-exchange', 'srv-kris-exch-01', 'srv-kris-exch-02'],
    risks: [{ description: 'Avhengigheter til gamle klienter', probability: 2, impact: 2 }],
    ratings: rated(3, 3, 3, 3, 3),
  }),
  project({
    id: 'birkenes-servere',
    title: 'Bytte servere i Birkenes datapark',
    description: 'Tre servere fra 2012 mister support 31.05.2019.',
    proposedBy: 'birkenes',
    participants: ['birkenes'],
    category: 'infrastruktur',
    status: 'assessed',
    costs: [cost(2019, 330_000)],
    deviceIds: ['srv-birk-01', 'srv-birk-02', 'srv-birk-03'],
    ratings: rated(2, 4, 4, 2, 4),
  }),
  project({
    id: 'lillesand-brannmur',
    title: 'Bytte brannmur i Lillesand datapark',
    description: 'Brannmuren fra 2013 mister support i mai 2020.',
    proposedBy: 'lillesand',
    participants: ['lillesand'],
    category: 'sikkerhet',
    status: 'idea',
    costs: [],
    deviceIds: ['fw-lill-01'],
  }),
  project({
    id: 'skytjenester-utredning',
    title: 'Utredning av skytjenester for kontorstøtte',
    description: 'Hva betyr Office 365 for personvern, kostnad og drift i regionen?',
    proposedBy: 'songdalen',
    participants: ALL,
    category: 'utredning',
    status: 'on-hold',
    costs: [cost(2019, 250_000)],
    ratings: rated(3, 1, 1, 4, 4),
  }),
  project({
    id: 'tradlost-radhus',
    title: 'Trådløst nett i rådhusene',
    description: 'Felles trådløst nett med eduroam og gjestenett i alle rådhus.',
    proposedBy: 'iveland',
    participants: ALL,
    category: 'infrastruktur',
    status: 'done',
    costs: [cost(2017, 600_000, 50_000)],
    ratings: rated(3, 2, 2, 3, 4),
    benefits: [
      {
        description: 'Brukere fornøyd med nettet (%)',
        ownerMemberId: 'iveland',
        measure: { type: 'entered', unit: '%' },
        baseline: 55,
        target: 80,
        targetDate: '2018-06-30',
        values: [{ date: '2018-03-31', value: 84 }],
      },
    ],
  }),
];

/** Each member's ranking, best first (candidates only count: assessed, approved, in progress). */
export const portfolioRankings: { memberId: string; projectIds: string[] }[] = [
  { memberId: 'kristiansand', projectIds: ['nye-kristiansand-2020', 'hovedbrannmur', 'sharepoint-oppgradering', 'lagringsplattform', 'backup-utvidelse', 'digitale-skjema-idporten', 'kjerneruter', 'min-side'] },
  { memberId: 'songdalen', projectIds: ['nye-kristiansand-2020', 'hovedbrannmur', 'digitale-skjema-idporten', 'svarut', 'sharepoint-oppgradering'] },
  { memberId: 'lillesand', projectIds: ['helsenett-felles', 'digitale-skjema-idporten', 'backup-utvidelse', 'hovedbrannmur', 'svarut', 'min-side'] },
  { memberId: 'birkenes', projectIds: ['birkenes-servere', 'svarut', 'digitale-skjema-idporten', 'helsenett-felles', 'hovedbrannmur'] },
  { memberId: 'iveland', projectIds: ['backup-utvidelse', 'hovedbrannmur', 'exchange-oppgradering', 'svarut', 'digitale-skjema-idporten', 'helsenett-felles'] },
];

/** The base plan is the scenario `base`; the other delays the main firewall replacement a year. */
export const portfolioScenarios: ScenarioInput[] = [
  { id: 'base', name: 'Basisplan', description: 'Planen slik porteføljen står.', overrides: { delays: [], envelopes: [], forced: [] }, version: 1 },
  {
    id: 'utsett-brannmurbyttet',
    name: 'Utsett brannmurbyttet ett år',
    description: 'Hovedbrannmurene byttes i 2019 i stedet for 2018, for å gi plass til andre prosjekter.',
    overrides: { delays: [{ projectId: 'hovedbrannmur', years: 1 }], envelopes: [], forced: [] },
    version: 1,
  },
];

/** The transitions that brought the projects where they stand (who is the demo sign-in's subject for each role). */
export const portfolioDecisionLog: DecisionLogEntry[] = [
  { projectId: 'tradlost-radhus', who: 'demo-operator', role: 'operator', when: '2016-10-03T09:00:00.000Z', from: 'idea', to: 'assessed', reason: 'Kostnad og nytte vurdert' },
  { projectId: 'tradlost-radhus', who: 'demo-budget-owner', role: 'budget-owner', when: '2016-11-15T12:00:00.000Z', from: 'assessed', to: 'approved', reason: 'Vedtatt i styret for 2017' },
  { projectId: 'tradlost-radhus', who: 'demo-budget-owner', role: 'budget-owner', when: '2017-02-01T08:00:00.000Z', from: 'approved', to: 'in-progress', reason: 'Kontrakt signert' },
  { projectId: 'tradlost-radhus', who: 'demo-budget-owner', role: 'budget-owner', when: '2017-09-29T14:00:00.000Z', from: 'in-progress', to: 'done', reason: 'Alle rådhus har dekning' },
  { projectId: 'serverrom-oppgradering', who: 'demo-operator', role: 'operator', when: '2017-01-20T09:00:00.000Z', from: 'idea', to: 'assessed', reason: 'Kjølingen klarer ikke sommerlast' },
  { projectId: 'serverrom-oppgradering', who: 'demo-budget-owner', role: 'budget-owner', when: '2017-03-01T12:00:00.000Z', from: 'assessed', to: 'approved', reason: 'Vedtatt i handlingsprogrammet' },
  { projectId: 'serverrom-oppgradering', who: 'demo-budget-owner', role: 'budget-owner', when: '2017-05-02T08:00:00.000Z', from: 'approved', to: 'in-progress', reason: 'Arbeidet startet' },
  ...['hovedbrannmur', 'sharepoint-oppgradering', 'backup-utvidelse', 'svarut', 'nye-kristiansand-2020'].flatMap((projectId, i): DecisionLogEntry[] => [
    { projectId, who: 'demo-operator', role: 'operator', when: `2017-09-${String(4 + i).padStart(2, '0')}T09:00:00.000Z`, from: 'idea', to: 'assessed', reason: 'Vurdert av driften' },
    { projectId, who: 'demo-budget-owner', role: 'budget-owner', when: '2017-10-20T12:00:00.000Z', from: 'assessed', to: 'approved', reason: 'Vedtatt i styremøtet 20.10.2017' },
  ]),
  ...['digitale-skjema-idporten', 'min-side', 'helsenett-felles', 'kjerneruter', 'lagringsplattform', 'exchange-oppgradering', 'birkenes-servere', 'skytjenester-utredning'].map(
    (projectId, i): DecisionLogEntry => ({ projectId, who: 'demo-operator', role: 'operator', when: `2017-11-${String(6 + i).padStart(2, '0')}T09:00:00.000Z`, from: 'idea', to: 'assessed', reason: 'Vurdert av driften' }),
  ),
  { projectId: 'skytjenester-utredning', who: 'demo-budget-owner', role: 'budget-owner', when: '2018-01-10T12:00:00.000Z', from: 'assessed', to: 'on-hold', reason: 'Avventer nasjonale råd om personvern i skyen' },
];
