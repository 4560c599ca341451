import { randomBytes } from 'node:crypto';

/** A slug made from a name: `Brannmur Kristiansand 1` → `brannmur-kristiansand-1`. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}

/** A fresh device id from its name with a short random suffix, so two devices with one name do not collide. */
export function newDeviceId(name: string): string {
  const base = slugify(name) || 'device';
  return `${base}-${randomBytes(3).toString('hex')}`;
}
