// tests/e2e/pupils_grid.mjs: "Edit multiple pupils" (issue 4b) in a real browser.
// Starts the server on a fresh SQLite database with the demo data, signs in as the
// demo teacher and opens the grid: a cell is edited by click and by keyboard
// (Escape cancels, arrows move, Enter edits and keeps), a column is flood-filled,
// one Save stores it all and the "Include in data" notice follows; a stale
// version is refused with nothing stored. Run by CTest as e2e/pupils_grid; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/pupils_grid.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, STEP_MS, bin, tmpRoot, fail, step, run, demoLogin, sleep, signIn, setUp, runMain } from './harness.mjs';


async function main() {
	const { work, base, teacher, context, page, jsErrors } = await setUp('pupils-grid');

	const grid = page.locator('#pupils-grid');
	const cells = (field) => grid.locator(`tbody td[data-field="${field}"]`);
	const active = () => page.evaluate(() => {
		const a = document.activeElement;
		return a ? `${a.tagName}:${a.getAttribute('data-field') || ''}` : '';
	});
	let rows = 0;
	await step('the teacher opens "Edit multiple pupils": a table of every pupil', async () => {
		await signIn(page, base, teacher);
		await page.goto(`${base}/schools/8881234/edit-pupils`);
		rows = await grid.locator('tbody tr').count();
		if (rows < 10) fail(`only ${rows} rows`);
		if (await page.locator('#grid-tools').isHidden()) fail('the grid tools are hidden: the script did not run');
		const heads = await grid.locator('thead th').allInnerTexts();
		for (const h of ['Pupil', 'UPN', 'Gender', 'Class', 'Include in data', 'SEN', 'Ethnicity'])
			if (!heads.includes(h)) fail(`no column ${h}: ${heads.join(' | ')}`);
	});

	await step('keyboard: Escape cancels, arrows move, Enter edits and keeps', async () => {
		const first = cells('class').first();
		const before = (await first.innerText()).trim();
		await first.click();
		if ((await first.locator('select').count()) !== 1) fail('clicking a cell does not edit it');
		const label = await first.locator('select').getAttribute('aria-label');
		if (!/^Class for /.test(label || '')) fail(`the editor is labelled "${label}"`);
		await page.keyboard.press('Escape');
		if ((await first.innerText()).trim() !== before) fail('Escape did not restore the cell');
		if ((await active()) !== 'TD:class') fail(`focus after Escape: ${await active()}`);
		await page.keyboard.press('ArrowRight');
		if ((await active()) !== 'TD:include') fail(`focus after ArrowRight: ${await active()}`);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowUp');
		if ((await active()) !== 'TD:include') fail(`focus after Down, Up: ${await active()}`);
		await page.keyboard.press('Enter');
		const include = cells('include').first();
		await include.locator('select').selectOption('no');
		await include.locator('select').press('Enter');
		if ((await include.innerText()).trim() !== 'No') fail(`the cell shows "${await include.innerText()}"`);
		if (!(await include.evaluate((td) => td.classList.contains('changed')))) fail('the change is not marked');
	});

	let className;
	await step('flood-fill puts one class in the whole column', async () => {
		await page.locator('#grid-fill-col').selectOption('class');
		await page.locator('#grid-fill-value').selectOption('3');
		className = (await page.locator('#grid-fill-value option[value="3"]').innerText()).trim();
		await page.locator('#grid-fill').click();
		const shown = await cells('class').allInnerTexts();
		if (shown.length !== rows || shown.some((t) => t.trim() !== className))
			fail(`class column after the fill: ${[...new Set(shown)].join(', ')}`);
	});

	await step('one Save stores every change; the include notice follows', async () => {
		await page.locator('#grid-save').click();
		await page.locator('#grid-status', { hasText: /^Saved \d+ pupils?\.$/ }).waitFor();
		const off = await grid.locator('tbody td[data-field="include"][data-value="no"]').count();
		const notice = (await page.locator('#grid-include-notice').innerText()).trim();
		if (notice !== `Include in data has been set to No for ${off} pupil${off === 1 ? '' : 's'}.`)
			fail(`notice: "${notice}" with ${off} No cells`);
		await page.reload();
		const shown = await cells('class').allInnerTexts();
		if (shown.some((t) => t.trim() !== className)) fail('the filled class was not stored');
		if ((await cells('include').first().innerText()).trim() !== 'No') fail('the include change was not stored');
	});

	await step('a stale version: nothing saved, the summary names the pupil', async () => {
		// A stale version: another writer saved the first pupil meanwhile.
		await grid.locator('tbody tr').first().evaluate((tr) => tr.setAttribute('data-version', '1'));
		const first = cells('sen').first();
		await first.click();
		await first.locator('select').selectOption('K');
		await first.locator('select').press('Enter');
		await page.locator('#grid-save').click();
		await page.locator('#grid-errors').waitFor();
		const text = await page.locator('#grid-errors').innerText();
		if (!/changed by someone else/.test(text)) fail(`errors: ${text}`);
		await page.reload();
		if ((await cells('sen').first().getAttribute('data-value')) === 'K') fail('the refused change was stored');
	});

	await step('no script errors on the page', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
