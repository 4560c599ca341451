/** Date and text helpers the plan's stages share; ISO dates stay strings (`YYYY-MM-DD`) throughout. */

/** `YYYY-MM-DD` + whole years, keeping day and month; 29 February lands on 28 February in common years. */
export function addYears(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  let monthDay = isoDate.slice(4);
  if (monthDay === '-02-29' && !isLeapYear(year)) monthDay = '-02-28';
  return `${String(year).padStart(4, '0')}${monthDay}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/** 1 January of `year`: the date membership, mergers and population are read on for that year's costs. */
export function firstOfJanuary(year: number): string {
  return `${year}-01-01`;
}

/** `2017-09-15` → 20170915 without building strings. */
export function dateNumber(isoDate: string): number {
  let value = 0;
  for (let i = 0; i < isoDate.length; i++) {
    const code = isoDate.charCodeAt(i);
    if (code !== 45) value = value * 10 + (code - 48);
  }
  return value;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
