import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeploymentConfig } from '#infra/config/index.ts';
import { contentSecurityPolicy } from '#infra/stacks/web-stack.ts';
import { signedInContext } from '../../local/chromium.ts';
import { expectAccessible, seedHealth, startBrowserSystem, viewSettled, WAIT_MS, type BrowserSystem } from './browser-support.ts';

/**
 * Quality a user notices (issue 11), on every view of the dashboard in Debian's Chromium:
 * axe-core with zero serious or critical violations, the keyboard reaching every control with a
 * visible focus, no horizontal overflow at 1366×768 and on a tablet held upright (768×1024), no
 * Content-Security-Policy violation under the policy the edge stack sets, and status symbols that
 * draw ink rather than an empty box.
 */
const REGION = '/api/regions/kr-ikt';
const HOUR = 3_600_000;

/** Every view an administrator reaches (hash routes), with the heading it opens with. */
const VIEWS: ReadonlyArray<readonly [string, string]> = [
  ['health', 'Driftsbilde'],
  ['vegg', 'Det som ikke er OK'],
  ['incidents', 'Avvik'],
  ['maintenance?environmentId=lillesand-datapark', 'Vedlikeholdsvinduer'],
  ['inventory', 'Inventar'],
  ['inventory/rt-lill-01', 'Ruter Lillesand'],
  ['import', 'Importer inventar'],
  ['plan', 'Reinvesteringsplan'],
  ['budget-lines', 'Budsjettrammer'],
  ['audit', 'Endringslogg'],
];

let env: BrowserSystem;

beforeAll(async () => {
  env = await startBrowserSystem();
  // What makes the views full: a device with health and history, and a maintenance window running now.
  await seedHealth(env, 'rt-lill-01', 'lillesand-datapark');
  const now = Date.now();
  const window = await env.api('POST', `${REGION}/environments/lillesand-datapark/maintenance-windows`, {
    body: { reason: 'Bytte av svitsj', deviceIds: ['rt-lill-01'], schedule: { type: 'one-off', start: new Date(now - HOUR).toISOString(), end: new Date(now + 2 * HOUR).toISOString() } },
  });
  expect(window.status).toBe(201);
});
afterAll(async () => env?.stop());

async function adminPage(options: Parameters<typeof signedInContext>[3] = {}): Promise<Page> {
  const context = await signedInContext(env.browser, env.system, 'admin', options);
  context.setDefaultTimeout(WAIT_MS);
  return context.newPage();
}

async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${env.system.url}/#/${route}`);
  await viewSettled(page);
}

describe('accessibility', () => {
  it('has no serious or critical axe-core violation on any view, nor on the sign-in screen', async () => {
    const page = await adminPage();
    for (const [route, heading] of VIEWS) {
      await open(page, route);
      await expect.poll(() => page.locator('main h1').first().innerText()).toContain(heading.split(' ')[0]);
      await expectAccessible(page, `#/${route}`);
    }
    // Lillesand's card: the seeded router is its device list.
    await open(page, 'health');
    await page.locator('[data-environment-toggle="lillesand-datapark"]').click();
    await page.locator('table.devices').first().waitFor();
    await expectAccessible(page, '#/health with a device list open');
    await page.context().close();

    const visitor = await env.browser.newPage();
    await visitor.goto(`${env.system.url}/`);
    await visitor.getByRole('heading', { name: 'Logg inn' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(visitor, 'sign-in');
    await visitor.context().close();
  });

  it('reaches every menu item and control of the board with Tab, each with a visible focus ring', async () => {
    const page = await adminPage();
    await open(page, 'health');
    await page.locator('[data-environment-toggle]').first().waitFor();
    const expected = await page.evaluate(() => document.querySelectorAll('main a[href], main button, header a[href], header button, .skip-link').length);
    const reached: string[] = [];
    for (let step = 0; step < expected + 5; step += 1) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring = (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
        const box = element.getBoundingClientRect();
        return { name: `${element.tagName.toLowerCase()} ${(element.textContent ?? '').trim().slice(0, 30)}`, ring, visible: box.width > 0 && box.height > 0 };
      });
      if (!focus) continue;
      expect(focus.ring, `no visible focus on ${focus.name}`).toBe(true);
      expect(focus.visible, `focus on something not shown: ${focus.name}`).toBe(true);
      reached.push(focus.name);
    }
    console.log(`keyboard, #/health: ${reached.length} stops: ${reached.join(' → ')}`);
    for (const stop of ['a Hopp til innhold', 'a Driftsbilde', 'a Avvik', 'a Vedlikehold', 'a Inventar', 'a Reinvesteringsplan', 'a Endringslogg', 'button Logg ut', 'button Oppdater nå', 'a Veggskjerm', 'button Vis enheter']) {
      expect(reached.some((name) => name.startsWith(stop)), `Tab never reached ${stop}`).toBe(true);
    }
    // Enter on a toggle opens the card, as a click would.
    await page.locator('[data-environment-toggle]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-environment-toggle]').first().getAttribute('aria-expanded')).toBe('true');
    await page.context().close();
  });
});

describe('screen sizes', () => {
  for (const viewport of [
    { width: 1366, height: 768, name: 'laptop 1366×768' },
    { width: 768, height: 1024, name: 'tablet upright 768×1024' },
  ]) {
    it(`fits every view at ${viewport.name}: no sideways scrolling, the menu, heading and sign-out in view`, async () => {
      const page = await adminPage({ viewport: { width: viewport.width, height: viewport.height } });
      const problems: string[] = [];
      for (const [route] of VIEWS) {
        await open(page, route);
        const fit = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          // Only what is drawn: the wall display hides the menu on purpose.
          const inView = (selector: string) =>
            Array.from(document.querySelectorAll(selector)).filter((element) => element.getClientRects().length > 0).every((element) => {
              const box = element.getBoundingClientRect();
              return box.width > 0 && box.left >= 0 && box.right <= width + 0.5;
            });
          // Wide tables scroll inside their own box (.table-scroll), never the page.
          // The element reaching furthest right, to say what to fix.
          const widest = Array.from(document.querySelectorAll('main *')).reduce<{ right: number; name: string }>((found, element) => {
            const right = element.getBoundingClientRect().right;
            return right > found.right ? { right, name: `${element.tagName.toLowerCase()}.${element.className}` } : found;
          }, { right: 0, name: '' });
          return { overflow: document.documentElement.scrollWidth - width, widest: widest.name, controls: inView('header nav a, header button, main h1, main .toolbar button') };
        });
        if (fit.overflow > 0) problems.push(`#/${route} scrolls sideways by ${fit.overflow} px (widest: ${fit.widest})`);
        if (!fit.controls) problems.push(`#/${route} has a menu item, button or heading outside the screen`);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }
});

describe('Content-Security-Policy', () => {
  it('walks every view under the policy the edge stack sets, without a single violation', async () => {
    const config = loadDeploymentConfig();
    // The Web stack's own function, given the managed-login domain the stack derives from the config.
    const policy = contentSecurityPolicy(`https://${config.cognitoDomainPrefix}.auth.${config.awsRegion}.amazoncognito.com`);
    const page = await adminPage();
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
    });
    const collected = async () => [...violations, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];

    // The policy is in force: an inline style is refused and reported (so the check below can fail).
    await open(page, 'health');
    await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' })));
    await expect.poll(async () => (await collected()).some((violation) => violation.startsWith('style-src'))).toBe(true);
    violations.length = 0;

    for (const [route] of VIEWS) {
      await page.goto(`${env.system.url}/#/${route}`);
      await page.reload(); // a fresh document, so each view's violations are its own
      await viewSettled(page);
      const found = await collected();
      expect(found, `#/${route} under ${policy}`).toEqual([]);
    }
    console.log(`CSP: ${VIEWS.length} views walked under "${policy}": no violations`);
    await page.context().close();
  });
});

describe('symbols', () => {
  it('draws ink for every status symbol: the "Pågår" pause sign as SVG, the others with an installed font, none as an empty box', async () => {
    const page = await adminPage();
    await open(page, 'maintenance?environmentId=lillesand-datapark');
    const running = page.locator('.status-maintenance').filter({ hasText: 'Pågår' }).first();
    await running.waitFor();
    expect(await running.locator('svg.status-symbol').count()).toBe(1);
    // The SVG rasterised on a canvas: a pause sign covers a good part of its 16×16 box.
    const inked = await running.locator('svg.status-symbol').evaluate(async (svg) => {
      const color = getComputedStyle(svg).color;
      const markup = new XMLSerializer().serializeToString(svg).replace(/currentColor/g, color);
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup.includes('xmlns=') ? markup : markup.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"'))}`;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: 16, height: 16 });
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0, 16, 16);
      const pixels = context.getImageData(0, 0, 16, 16).data;
      let ink = 0;
      for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] as number) > 128) ink += 1;
      return ink / 256;
    });
    expect(inked).toBeGreaterThan(0.2);

    // The text symbols, drawn in the badge's font, must differ from what Chromium draws for a
    // character no font has (the empty box): the box is what "⏸" showed before.
    await open(page, 'health');
    await page.locator('span.status-symbol').first().waitFor();
    const boxes = await page.evaluate(() => {
      const symbol = document.querySelector('span.status-symbol') as HTMLElement;
      const font = getComputedStyle(symbol).font;
      const draw = (text: string) => {
        const canvas = Object.assign(document.createElement('canvas'), { width: 40, height: 40 });
        const context = canvas.getContext('2d') as CanvasRenderingContext2D;
        context.font = font;
        context.fillText(text, 4, 30);
        return Array.from(context.getImageData(0, 0, 40, 40).data).join(',');
      };
      const missing = draw('\u{10FFFD}'); // a private-use character: no font draws it
      const glyphs = [...new Set(Array.from(document.querySelectorAll('span.status-symbol')).map((element) => element.textContent ?? ''))];
      return glyphs.map((glyph) => ({ glyph, emptyBox: draw(glyph) === missing, blank: !/[1-9]/.test(draw(glyph)) }));
    });
    console.log(`symbols: ${boxes.map((box) => `${box.glyph} ${box.emptyBox || box.blank ? 'MISSING' : 'drawn'}`).join(', ')}; ⏸ drawn as SVG, ${Math.round(inked * 100)} % of its box inked`);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    expect(boxes.filter((box) => box.emptyBox || box.blank)).toEqual([]);
    await page.context().close();
  });
});
