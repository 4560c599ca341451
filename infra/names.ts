/** `list-regions` → `ListRegions`: construct ids are PascalCase, built from the kebab-case file names. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Prefix of the physical names we choose ourselves (alarm names); everything else is generated. */
export const NAME_PREFIX = 'driftsbilde';
