// tests/e2e/reports.mjs: the reports in a real browser (issue 8a). Starts the
// server on a fresh SQLite database with the demo data, signs in as the demo
// teacher, opens Reports > Full Report, clicks a percentage (its pupils appear
// in place, as many as the number beside it, in alphabetical order; a second
// click hides them), opens the Venn diagrams and clicks a region (its pupils
// appear; a second click hides them). Stops the server in every case. Run by
// CTest as e2e/reports; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/reports.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, STEP_MS, bin, tmpRoot, fail, step, run, demoLogin, sleep, signIn, setUp, runMain } from './harness.mjs';

async function main() {
	const { work, base, teacher, context, page, jsErrors } = await setUp('reports');

	const names = async (list) => (await list.locator('li').allInnerTexts()).map((s) => s.trim());
	const sorted = (a) => [...a].sort((x, y) => x.localeCompare(y, 'en', { sensitivity: 'base' }));

	await step('the teacher opens Reports > Full Report: 17 areas of development', async () => {
		await signIn(page, base, teacher);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Reports', exact: true }).click()]);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Full Report' }).first().click()]);
		if (!/\/schools\/\d+\/reports\/full/.test(page.url())) fail(`Full Report went to ${page.url()}`);
		const rows = await page.locator('table.report-full tbody tr').count();
		if (rows !== 17) fail(`the Full Report has ${rows} rows`);
	});

	await step('a percentage lists its pupils alphabetically; a second click hides them', async () => {
		const links = page.locator('table.report-full a[data-list]');
		if ((await links.count()) === 0) fail('no percentage links (the demo assessment is empty?)');
		let link = null, want = 0;
		for (let i = 0; i < (await links.count()) && !link; i++) {
			const l = links.nth(i);
			const n = Number(await l.locator('xpath=../preceding-sibling::td[1]').innerText());
			if (n > 0) { link = l; want = n; }
		}
		if (!link) fail('every percentage is of 0 pupils');
		await link.click();
		const list = page.locator('.pupil-list[data-key]');
		await list.waitFor();
		const got = await names(list);
		if (got.length !== want) fail(`${got.length} pupils listed, the table says ${want}`);
		if (JSON.stringify(got) !== JSON.stringify(sorted(got))) fail(`not alphabetical: ${got.join('; ')}`);
		await link.click();
		await list.waitFor({ state: 'detached' });
	});

	await step('the Venn diagrams: five areas drawn, a region lists its pupils, a second click hides them', async () => {
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Reports', exact: true }).click()]);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Venn Diagram' }).first().click()]);
		const svgs = await page.locator('svg.venn').count();
		if (svgs !== 5) fail(`${svgs} diagrams drawn`);
		const regions = page.locator('svg.venn a.venn-region');
		let region = null, want = 0;
		for (let i = 0; i < (await regions.count()) && !region; i++) {
			const n = Number(await regions.nth(i).locator('text.venn-count').textContent());
			if (n > 0) { region = regions.nth(i); want = n; }
		}
		if (!region) fail('every region is empty');
		await region.click();
		const list = page.locator('.venn-block .pupil-list[data-key]');
		await list.waitFor();
		const got = await names(list);
		if (got.length !== want) fail(`${got.length} pupils listed, the region says ${want}`);
		if (JSON.stringify(got) !== JSON.stringify(sorted(got))) fail(`not alphabetical: ${got.join('; ')}`);
		await region.click();
		await list.waitFor({ state: 'detached' });
	});

	await step('a screenshot of the Venn diagrams (e2e/reports.png)', async () => {
		const outDir = path.join(process.env.PT_BINARY_DIR || tmpRoot, 'e2e');
		fs.mkdirSync(outDir, { recursive: true });
		await page.screenshot({ path: path.join(outDir, 'reports.png'), fullPage: true });
	});

	await step('no script errors on the pages', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
