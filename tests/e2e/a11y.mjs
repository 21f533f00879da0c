// tests/e2e/a11y.mjs: every page each demo user reaches is checked by axe-core
// (the accessibility engine, from npm, run in the page) against WCAG 2.1 A and
// AA and axe's best practices. Starts the server on a fresh database with the
// demo data and, for the teacher, the school admin, the LA officer and the
// trust admin in turn: signs in, follows the links of the navigation and of
// each page's main part (same site, no downloads or sign-out, one address of
// each shape: /schools/8881234/x stands for every school's x; at most PAGES_MAX
// pages a user, in the order found), runs axe on each page as served
// and reports every violation with the page, the rule, how many elements and
// the first of them; then, as the school admin, the states no link reaches: a
// refused form, and the grid's value menu, note and history dialogs and column
// fill menu. One violation fails the test. Run by CTest as e2e/a11y;
// by hand: PUPILTRACK=build/pupiltrack node tests/e2e/a11y.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import { createRequire } from 'node:module';

import { demoLogin, fail, step, signIn, setUp, runMain } from './harness.mjs';

const PAGES_MAX = 60;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const USERS = ['teacher.demo', 'school.admin', 'la.officer', 'trust.admin'];
// Addresses that answer a file, change something on a GET, or repeat a page
// with another order or pupil (one of each kind is enough).
const SKIP = /sign-out|export|download|template|\.xlsx|\.csv|\.xml|[?&]format=|[?&]sort=|\/pupils\/\d+\/./;

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The site's links in the parts of the page that are its navigation and content.
async function linksOf(page, base) {
	const found = [];
	for (const a of await page.locator('nav a[href], main a[href]').all()) {
		const href = await a.getAttribute('href');
		if (!href || !href.startsWith('/') || href.startsWith('//')) continue;
		const u = new URL(href, base);
		u.hash = '';
		if (!SKIP.test(u.pathname + u.search)) found.push(u.href);
	}
	return found;
}

async function check(page, url) {
	let res;
	try {
		res = await page.goto(url);
	} catch (e) {
		if (/Download is starting/.test(e.message)) return []; // a file, not a page
		throw e;
	}
	if (!res) fail(`${url}: no answer`);
	return audit(page, new URL(url).pathname + new URL(url).search);
}

// axe on the page as it is now, each violation a line starting with what.
async function audit(page, what) {
	if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
	const r = await page.evaluate(
		async (tags) => await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
		TAGS,
	);
	return r.violations.map(
		(v) => `${what}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}, first ${v.nodes[0].target.join(' ')})`,
	);
}

async function main() {
	const { base, demo, context } = await setUp('a11y');
	// Injecting axe needs the page's Content-Security-Policy set aside (the
	// server allows no inline script): a context of its own for that, with
	// reduced motion, so no fade is caught half way (colour contrast).
	const ctx = await context.browser().newContext({
		bypassCSP: true, reducedMotion: 'reduce', viewport: { width: 1400, height: 900 },
	});
	const page = await ctx.newPage();

	for (const username of USERS) {
		await step(`every page ${username} reaches passes axe (WCAG 2.1 AA)`, async () => {
			await ctx.clearCookies();
			await signIn(page, base, demoLogin(demo, username));
			const shape = (u) => u.replace(/\d+/g, 'N');
			const seen = new Set([shape(new URL('/', base).href)]);
			const queue = [new URL('/', base).href];
			const problems = [];
			while (queue.length) {
				const url = queue.shift();
				problems.push(...(await check(page, url)));
				for (const link of await linksOf(page, base)) {
					if (seen.size >= PAGES_MAX || seen.has(shape(link))) continue;
					seen.add(shape(link));
					queue.push(link);
				}
			}
			if (seen.size < 8) fail(`only ${seen.size} pages reached: ${[...seen].join(' ')}`);
			console.log(`# ${username}: ${seen.size} pages checked`);
			if (problems.length) fail(`${problems.length} violation(s) on ${seen.size} pages:\n  ${problems.join('\n  ')}`);
		});
	}

	// What a practitioner opens on the grid, and a form sent back with errors:
	// states no link reaches.
	await step('the grid\'s menus and dialogs and a refused form pass axe', async () => {
		await ctx.clearCookies();
		await signIn(page, base, demoLogin(demo, 'school.admin'));
		const problems = [];
		await page.goto(`${base}/schools/8881234/pupils/new`);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
		if ((await page.locator('.error-summary').count()) !== 1) fail('the empty pupil form was not refused');
		problems.push(...(await audit(page, 'pupil form refused')));
		await page.goto(`${base}/schools/8881234/assessments`);
		const table = page.locator('table.grid').first();
		const cell = table.locator('tbody tr').first().locator('td.cell').nth(2);
		const menu = page.locator('.value-menu');
		await cell.click();
		await menu.waitFor();
		problems.push(...(await audit(page, 'grid, value menu open')));
		await menu.getByRole('menuitem', { name: 'Note\u2026' }).click();
		await page.getByRole('dialog').waitFor();
		problems.push(...(await audit(page, 'grid, note dialog')));
		await page.keyboard.press('Escape');
		await cell.click();
		await menu.getByRole('menuitem', { name: 'History\u2026' }).click();
		await page.getByRole('dialog').waitFor();
		await page.waitForLoadState('networkidle'); // the history, fetched
		problems.push(...(await audit(page, 'grid, history dialog')));
		await page.keyboard.press('Escape');
		await table.locator('button.fill-col').first().click();
		await menu.waitFor();
		problems.push(...(await audit(page, 'grid, column fill menu')));
		await page.keyboard.press('Escape');
		if (problems.length) fail(`${problems.length} violation(s):\n  ${problems.join('\n  ')}`);
	});
}

await runMain(main);
