// tests/e2e/grid.mjs: the EYFS grid in a real browser (issue 5). Starts the server
// on a fresh SQLite database with the demo data, signs in as the demo teacher,
// creates an assessment from the "+" menu, enters a row of judgements by keyboard
// (each cell shows "saved", the statistics at the foot change), undoes one with
// Ctrl+Z, gives an On track cell a "gone beyond" colour, meets a conflict (another writer changed a cell: the cell shows their
// value), flood-fills a column, sets "Include in data" to No (the pupil leaves the
// statistics), downloads the XLSX and, in the end-of-year ELGs, enters Absent
// (the whole row becomes Absent, total 0, GLD No). Stops the server in every case. Run by CTest as e2e/grid; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/grid.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, STEP_MS, bin, tmpRoot, fail, step, run, demoLogin, sleep, signIn, setUp, runMain } from './harness.mjs';

async function main() {
	const { work, base, teacher, context, page, jsErrors } = await setUp('grid');

	await step('the teacher signs in and opens Assessments: the demo grid is there', async () => {
		await signIn(page, base, teacher);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Assessments', exact: true }).click()]);
		await Promise.all([page.waitForNavigation(), page.locator('ul.school-links a').first().click()]);
		if (!/\/schools\/\d+\/assessments/.test(page.url())) fail(`Assessments went to ${page.url()}`);
		if ((await page.locator('table.grid').count()) < 2) fail('the demo assessments are not shown');
		const head = await page.locator('table.grid').first().locator('th[scope=colgroup]').allInnerTexts();
		if (!head.includes('Communication and Language')) fail(`area headers: ${head.join(' | ')}`);
	});

	let table;
	await step('"+ Add" > Assessment creates one for Reception', async () => {
		await page.locator('.plus-menu summary').click();
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Assessment', exact: true }).click()]);
		await page.getByLabel('Assessment name').fill('Keyboard Check');
		const now = new Date();
		await page.getByLabel('Assessment date').fill(`${String(now.getDate()).padStart(2, '0')}/${String(now.getMonth() + 1).padStart(2, '0')}/${now.getFullYear()}`);
		await page.getByLabel('Reception').check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Submit' }).click()]);
		table = page.locator('table.grid:has(caption:text-is("Keyboard Check"))');
		if ((await table.count()) !== 1) fail(`no grid for the new assessment at ${page.url()}`);
	});

	const stat = (area, v, pct) => table.locator(`td[data-stat="${area}-${v}-${pct}"]`);
	const row = () => table.locator('tbody tr').first();
	const cell = (i) => row().locator('td.cell').nth(i);
	await step('a row entered by keyboard: each cell saved, the statistics follow', async () => {
		if ((await stat('E01', 1, 0).innerText()) !== '0') fail('E01 Below is not 0 before');
		await cell(0).click();
		await page.keyboard.press('Escape');
		const keys = ['b', 'o', 'o', 'b', 'o'];
		for (const k of keys) await page.keyboard.press(k);
		for (let i = 0; i < keys.length; i++) {
			await cell(i).and(page.locator('td.saved')).waitFor();
			const want = keys[i] === 'b' ? 'Below' : 'On track';
			if ((await cell(i).innerText()).trim() !== want) fail(`cell ${i} shows "${await cell(i).innerText()}"`);
		}
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			return t && t.querySelector('td[data-stat="E01-1-0"]').textContent === '1';
		});
		const pct = await stat('E01', 1, 1).innerText();
		if (!/^\d+\.\d\d$/.test(pct) || Number(pct) <= 0) fail(`% Below of E01 is "${pct}"`);
	});

	await step('Ctrl+Z undoes the last change (and saves the undo)', async () => {
		await page.keyboard.press('Control+z');
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			const c = t.querySelectorAll('tbody tr')[0].querySelectorAll('td.cell')[4];
			return c.textContent === '' && c.classList.contains('saved');
		});
	});

	await step('a "gone beyond" colour on an On track cell, chosen by touch, is saved', async () => {
		await cell(2).click();
		await page.locator('.value-menu').getByRole('menuitem', { name: 'Gone beyond: green' }).click();
		await cell(2).and(page.locator('td.beyond-green.saved')).waitFor();
		if ((await cell(2).innerText()).trim() !== 'On track') fail(`the cell shows "${await cell(2).innerText()}"`);
	});

	await step('a note and the history open in a dialog: focus inside, Escape closes it', async () => {
		await cell(2).click();
		await page.locator('.value-menu').getByRole('menuitem', { name: 'Note\u2026' }).click();
		const dlg = page.getByRole('dialog', { name: 'Note for this judgement' });
		await dlg.waitFor();
		if ((await page.evaluate(() => document.activeElement.tagName)) !== 'TEXTAREA') fail('the note box does not have the focus');
		await page.keyboard.type('Counts to twenty');
		await dlg.getByRole('button', { name: 'Save note' }).click();
		await dlg.waitFor({ state: 'detached' });
		await cell(2).and(page.locator('td.saved[title="Counts to twenty"]')).waitFor();
		await cell(2).click();
		await page.locator('.value-menu').getByRole('menuitem', { name: 'History\u2026' }).click();
		const hist = page.getByRole('dialog', { name: /^History: / });
		await hist.waitFor();
		await hist.locator('table tbody tr').first().waitFor();
		const text = await hist.innerText();
		if (!/Counts to twenty/.test(text)) fail(`the history does not show the note: ${text}`);
		await page.keyboard.press('Escape');
		await hist.waitFor({ state: 'detached' });
		const back = await page.evaluate(() => document.activeElement.classList.contains('cell'));
		if (!back) fail('the focus did not return to the cell');
		if ((await page.evaluate(() => document.querySelectorAll('[role=dialog]').length)) !== 0) fail('a dialog is left open');
	});

	await step('a cell changed by someone else meanwhile shows the conflict and their value', async () => {
		// Another writer clears E02 of the first pupil (On track on this screen).
		const res = await page.evaluate(async () => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			const tr = t.querySelector('tbody tr');
			const c = tr.querySelectorAll('td.cell')[1];
			const r = await fetch(`${t.dataset.api}/judgements/${tr.dataset.pupil}/E02`, {
				method: 'PUT',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': document.querySelector('input[name=csrf]').value },
				body: `value=&version=${c.dataset.version}`,
			});
			return r.status;
		});
		if (res !== 200) fail(`the other writer's PUT answered ${res}`);
		// This screen still holds the old version: its write is refused.
		await cell(1).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('b');
		await cell(1).and(page.locator('td.conflict')).waitFor();
		if ((await cell(1).innerText()).trim() !== '') fail(`the conflicting cell shows "${await cell(1).innerText()}"`);
		const status = await page.locator('.grid-status').innerText();
		if (!/changed by/.test(status)) fail(`the status says "${status}"`);
	});

	await step('flood-fill a column: every pupil On track in one go', async () => {
		await table.locator('button.fill-col[data-elg="E05"]').click();
		await page.locator('.value-menu').getByRole('menuitem', { name: 'On track' }).click();
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			const cells = [...t.querySelectorAll('tbody td.cell[data-elg="E05"]')];
			return cells.length > 0 && cells.every((c) => c.textContent === 'On track');
		});
		const n = await table.locator('tbody tr').count();
		if ((await stat('E05', 2, 0).innerText()) === '0' || n < 2) fail('the statistics did not follow the fill');
	});

	await step('"Include in data" set to No leaves the pupil out of the statistics', async () => {
		await row().locator('button.include-toggle').click();
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			return t.querySelector('td[data-stat="E01-1-0"]').textContent === '0';
		});
		if ((await row().locator('button.include-toggle').innerText()).trim() !== 'No') fail('the button does not say No');
	});

	await step('the XLSX download is a spreadsheet', async () => {
		const details = page.locator('details.assessment:has(caption:text-is("Keyboard Check"))');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			details.getByRole('link', { name: 'Download (Excel)' }).click(),
		]);
		const file = path.join(work, 'grid.xlsx');
		await download.saveAs(file);
		const head = fs.readFileSync(file).subarray(0, 2).toString();
		if (head !== 'PK') fail('the download is not an XLSX (zip) file');
	});

	await step('the end-of-year ELGs: GLD after the 12 GLD goals, A makes the whole row Absent', async () => {
		await page.getByLabel('Show end of year early learning goals').check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Select' }).click()]);
		const elg = page.locator('table.grid[data-kind="elg"]');
		if ((await elg.count()) !== 1) fail('no early learning goals grid');
		if ((await elg.locator('td.gld-yes').count()) < 1 || (await elg.locator('td.gld-no').count()) < 1)
			fail('the demo ELGs show no GLD Yes and No');
		const tr = elg.locator('tbody tr').first();
		await tr.locator('td.cell').nth(6).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('a');
		await page.waitForFunction(() => {
			const t = document.querySelector('table.grid[data-kind="elg"]');
			const r = t.querySelector('tbody tr');
			const cells = [...r.querySelectorAll('td.cell')];
			return cells.every((c) => c.textContent === 'Absent') && r.querySelector('td.total').textContent === '0' &&
				r.querySelector('td.gld').textContent === 'No';
		});
	});

	await step('a screenshot of the grid for people to look at (e2e/grid.png)', async () => {
		const outDir = path.join(process.env.PT_BINARY_DIR || tmpRoot, 'e2e');
		fs.mkdirSync(outDir, { recursive: true });
		await page.screenshot({ path: path.join(outDir, 'grid.png'), fullPage: true });
	});

	await step('no script errors on the page', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
