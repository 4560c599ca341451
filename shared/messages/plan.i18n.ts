import { planEn } from './plan.en.ts';
import { planNb } from './plan.nb.ts';
import type { Catalogue, Lang } from './render.ts';

/** The plan's texts in both languages, for the dashboard; server code renders English through `plan.ts`. */
export const PLAN_CATALOGUES: Readonly<Record<Lang, Catalogue>> = { nb: planNb, en: planEn };
