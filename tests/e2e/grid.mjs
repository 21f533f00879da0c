// tests/e2e/grid.mjs: the EYFS grid in a real browser (issue 5). Starts the server
// on a fresh SQLite database with the demo data, signs in as the demo teacher,
// creates an assessment from the "+" menu, enters a row of judgements by keyboard
// (each cell shows "saved", the statistics at the foot change), undoes one with
// Ctrl+Z, gives an On track cell a "gone beyond" colour, meets a conflict (another writer changed a cell: the cell shows their
// value), flood-fills a column, sets "Include in data" to No (the pupil leaves the
// statistics), downloads the XLSX and, in the end-of-year ELGs, enters Absent
// (the whole row becomes Absent, total 0, GLD No). Also: arrow keys and Enter
// move and pick, the "Pupils judged: N of M" row follows each save, a row
// flood-fill, the note marker, the Notes column by keyboard, a row's running
// ELG total while incomplete, and a read-only user (the LA officer) opens a
// cell's note and history from a read-only grid. Usability: "Skip to the grid"
// takes focus to the first cell, the button is "Save now", a key spells out the
// 17 headings, on a tablet the pupil column stays on the left when scrolled,
// and the ELG foot counts GLD Yes and No. Stops the server in every
// case. Run by CTest as e2e/grid; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/grid.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, STEP_MS, bin, tmpRoot, fail, step, run, demoLogin, sleep, signIn, setUp, runMain } from './harness.mjs';

async function main() {
	const { work, db, base, teacher, context, page, jsErrors } = await setUp('grid');

	await step('the teacher signs in and opens Assessments: the demo grid is there', async () => {
		await signIn(page, base, teacher);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Assessments', exact: true }).click()]);
		await Promise.all([page.waitForNavigation(), page.locator('ul.school-links a').first().click()]);
		if (!/\/schools\/\d+\/assessments/.test(page.url())) fail(`Assessments went to ${page.url()}`);
		if ((await page.locator('table.grid').count()) < 2) fail('the demo assessments are not shown');
		const head = await page.locator('table.grid').first().locator('th[scope=colgroup]').allInnerTexts();
		if (!head.includes('Communication and Language')) fail(`area headers: ${head.join(' | ')}`);
	});

	await step('"Skip to the grid" is the first thing Tab reaches after the menu; it shows on focus and puts focus in the first cell', async () => {
		await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
		await page.locator('body').focus();
		let tabs = 0;
		for (; tabs < 25; tabs++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate(() => document.activeElement.classList.contains('grid-skip'))) break;
		}
		if (tabs >= 25) fail('Tab never reaches "Skip to the grid"');
		const skip = page.locator('a.grid-skip');
		if ((await skip.innerText()).trim() !== 'Skip to the grid') fail(`the skip link says "${await skip.innerText()}"`);
		const b = await skip.boundingBox();
		if (!b || b.width < 50 || b.height < 15) fail(`the focused skip link is not visible: ${JSON.stringify(b)}`);
		await page.keyboard.press('Enter');
		const first = await page.evaluate(() => document.activeElement === document.querySelector('table.grid td.cell'));
		if (!first) fail(`Enter on the skip link left focus on ${await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80))}`);
		await page.keyboard.press('Escape');
	});

	await step('the save button says "Save now" and what it is for', async () => {
		if ((await page.getByRole('button', { name: 'Save now', exact: true }).count()) !== 1) fail('no "Save now" button');
		if ((await page.getByRole('button', { name: 'Save', exact: true }).count()) !== 0) fail('a button is still labelled "Save"');
		const help = await page.locator('.grid-help').innerText();
		if (!/changes still waiting to be sent/.test(help)) fail(`the help says: ${help}`);
	});

	await step('a key under the pickers gives every column heading in full, from the headers\' own data', async () => {
		const key = await page.locator('dl.area-key-list > div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]));
		const abbrs = await page.locator('table.grid').first().locator('thead abbr').evaluateAll((as) => as.map((a) => [a.textContent, a.title]));
		if (key.length !== 17 || JSON.stringify(key) !== JSON.stringify(abbrs)) fail(`the key ${JSON.stringify(key)} is not the headers ${JSON.stringify(abbrs)}`);
		if (!(await page.locator('dl.area-key-list').isVisible())) fail('the key is not shown');
	});

	await step('on a tablet (768x1024) scrolled right, the pupil names stay on the left, on an opaque background', async () => {
		await page.setViewportSize({ width: 768, height: 1024 });
		const scroller = page.locator('.table-scroll:has(table.grid)').first();
		await scroller.evaluate((d) => { d.scrollLeft = d.scrollWidth; });
		await page.waitForTimeout(100);
		const grid = page.locator('table.grid').first();
		for (const [what, sel] of [['header', 'thead th.pupil'], ['first pupil', 'tbody th.pupil'], ['foot', 'tfoot th.pupil']]) {
			const c = grid.locator(sel).first();
			const b = await c.boundingBox();
			const box = await scroller.boundingBox();
			if (!b || b.x < box.x - 1 || b.x > box.x + 5) fail(`the ${what} pupil cell is at x=${b && b.x}, not at the left edge ${box.x}`);
			const bg = await c.evaluate((e) => getComputedStyle(e).backgroundColor);
			if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') fail(`the ${what} pupil cell is see-through`);
		}
		const name = await grid.locator('tbody th.pupil').first().innerText();
		const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y).closest('th.pupil') !== null,
			await grid.locator('tbody th.pupil').first().evaluate((e) => { const r = e.getBoundingClientRect(); return [r.left + 20, r.top + r.height / 2]; }));
		if (!name.trim() || !hit) fail('the pupil name is hidden under the cells');
		const sel = await page.locator('.grid-pickers select').first().boundingBox();
		if (sel.height < 40) fail(`the Year group drop-down is ${sel.height}px tall on a tablet`);
		await scroller.evaluate((d) => { d.scrollLeft = 0; });
		await page.setViewportSize({ width: 1400, height: 900 });
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
	const judged = (area) => table.locator(`td[data-stat="${area}-judged"]`);
	const row = () => table.locator('tbody tr').first();
	const cell = (i) => row().locator('td.cell').nth(i);
	// Waits until the "Keyboard Check" foot cell of stat says text.
	const footSays = (stat, text) => page.waitForFunction(([s, want]) => {
		const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
		return t && t.querySelector(`td[data-stat="${s}"]`).textContent === want;
	}, [stat, text]);
	let pupils = 0;
	await step('the foot says how many pupils of how many have a judgement in each column', async () => {
		pupils = await table.locator('tbody tr').count();
		if (pupils < 2) fail(`the new grid has ${pupils} pupils`);
		const t = await judged('E01').innerText();
		if (t !== `0 of ${pupils}`) fail(`E01 judged says "${t}", not "0 of ${pupils}"`);
	});
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

	await step('a key that is not a judgement changes nothing and says which keys are', async () => {
		await cell(5).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('x');
		const said = await page.locator('.grid-status').first().innerText();
		if (!/"x" is not a judgement here: type B \(Below\), O \(On track\)/.test(said)) fail(`the status says "${said}"`);
		if ((await cell(5).innerText()).trim() !== '') fail('the cell changed');
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
		await cell(2).and(page.locator('td.saved.has-note[title="Counts to twenty"]')).waitFor();
		if ((await cell(2).locator('.note-mark').count()) !== 1) fail('the cell with a note shows no "i" marker');
		if ((await cell(2).getAttribute('aria-label')) !== 'On track, saved, has a note')
			fail(`the cell is announced as "${await cell(2).getAttribute('aria-label')}"`);
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
				body: `value=&note=${encodeURIComponent('Seen by the SENCo')}&version=${c.dataset.version}`,
			});
			return r.status;
		});
		if (res !== 200) fail(`the other writer's PUT answered ${res}`);
		// This screen still holds the old version: its write is refused.
		await cell(1).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('b');
		await cell(1).and(page.locator('td.conflict')).waitFor();
		if ((await cell(1).innerText()).replace(/i\s*\(has a note\)/, '').trim() !== '') fail(`the conflicting cell shows "${await cell(1).innerText()}"`);
		// ... and the note they gave it, not the stale cell's
		if (!(await cell(1).evaluate((td) => td.classList.contains('has-note') && td.title === 'Seen by the SENCo'))) fail('the conflicting cell does not show the other writer\'s note');
		const status = await page.locator('.grid-status').innerText();
		if (!/changed by/.test(status)) fail(`the status says "${status}"`);
	});

	await step('arrow keys move between cells, Enter opens the list and picks; the denominator follows', async () => {
		if ((await judged('E03').innerText()) !== `1 of ${pupils}`) fail(`E03 judged says "${await judged('E03').innerText()}"`);
		await cell(0).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowDown');
		const at = await page.evaluate(() => {
			const td = document.activeElement;
			const tr = td.closest('tr');
			return { elg: td.dataset.elg, row: [...tr.parentNode.children].indexOf(tr) };
		});
		if (at.elg !== 'E03' || at.row !== 1) fail(`the arrows went to ${JSON.stringify(at)}, not E03 of the second row`);
		await page.keyboard.press('Enter');
		await page.locator('.value-menu').waitFor();
		await page.keyboard.press('ArrowDown'); // (blank) -> Below
		if ((await page.evaluate(() => document.activeElement.textContent)) !== 'Below') fail('ArrowDown in the list is not on Below');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			const c = t.querySelectorAll('tbody tr')[1].querySelector('td.cell[data-elg="E03"]');
			return c.textContent === 'Below' && c.classList.contains('saved');
		});
		await footSays('E03-judged', `2 of ${pupils}`);
		if ((await page.evaluate(() => document.activeElement.dataset.elg)) !== 'E03') fail('the focus did not return to the cell');
	});

	await step('flood-fill a row: every area of the second pupil Below in one go', async () => {
		const second = table.locator('tbody tr').nth(1);
		await second.locator('button.fill-row').click();
		await page.locator('.value-menu').getByRole('menuitem', { name: 'Below' }).click();
		await page.waitForFunction(() => {
			const t = [...document.querySelectorAll('table.grid')].find((x) => x.caption.textContent === 'Keyboard Check');
			const cs = [...t.querySelectorAll('tbody tr')[1].querySelectorAll('td.cell')];
			return cs.length === 17 && cs.every((c) => c.textContent === 'Below' && c.classList.contains('saved'));
		});
		await footSays('E17-judged', `1 of ${pupils}`);
		if ((await stat('E17', 1, 0).innerText()) !== '1') fail('the statistics did not follow the row fill');
	});

	await step('the Notes column is reached by keyboard and Enter opens it', async () => {
		const btn = row().locator('td.notes button.note-edit');
		await btn.focus();
		const name = await btn.evaluate((b) => b.textContent);
		if (!/^Notes for /.test(name)) fail(`the Notes button is named "${name}"`);
		await page.keyboard.press('Enter');
		const dlg = page.getByRole('dialog', { name: /^Notes for / });
		await dlg.waitFor();
		await page.keyboard.type('Settled well');
		await dlg.getByRole('button', { name: 'Save note' }).click();
		await dlg.waitFor({ state: 'detached' });
		await row().locator('td.notes.saved .note-text', { hasText: 'Settled well' }).waitFor();
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
		if (!(await page.locator('.excluded-notice').isHidden())) fail('the Include in data notice shows while everyone is included');
		// E01 Below: the first pupil (by keyboard) and the second (the row fill)
		if ((await stat('E01', 1, 0).innerText()) !== '2') fail(`E01 Below is ${await stat('E01', 1, 0).innerText()}, not 2`);
		await row().locator('button.include-toggle').click();
		await footSays('E01-1-0', '1');
		if ((await row().locator('button.include-toggle .include-state').innerText()).trim() !== 'No') fail('the button does not say No');
		// the denominators, the "Displaying" line and the notice follow
		await footSays('E05-judged', `${pupils - 1} of ${pupils - 1}`);
		const shown = await page.locator('details.assessment:has(caption:text-is("Keyboard Check")) p.displaying').innerText();
		if (!shown.includes(`Displaying ${pupils} pupils; ${pupils - 1} included in data`)) fail(`the page says "${shown}"`);
		await page.locator('.excluded-notice').waitFor({ state: 'visible' });
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
		// a complete row (a total above 0): clearing one goal shows the running
		// total of the 16 left, marked as incomplete
		const ri = await page.evaluate(() => [...document.querySelectorAll('table.grid[data-kind="elg"] tbody tr')]
			.findIndex((r) => Number(r.querySelector('td.total').textContent) > 0));
		if (ri < 0) fail('the demo ELGs have no complete row');
		const tr = elg.locator('tbody tr').nth(ri);
		const before = Number(await tr.locator('td.total').innerText());
		const six = (await tr.locator('td.cell').nth(6).innerText()).trim() === 'Expected' ? 2 : 1;
		await tr.locator('td.cell').nth(6).click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('Delete');
		await page.waitForFunction(([i, want]) => {
			const r = document.querySelectorAll('table.grid[data-kind="elg"] tbody tr')[i];
			const t = r.querySelector('td.total');
			return t.classList.contains('partial') && t.title === '16 of 17 judged so far' &&
				t.firstChild.textContent === String(want);
		}, [ri, before - six]);
		await page.keyboard.press('a');
		await page.waitForFunction((i) => {
			const t = document.querySelector('table.grid[data-kind="elg"]');
			const r = t.querySelectorAll('tbody tr')[i];
			const cells = [...r.querySelectorAll('td.cell')];
			const total = r.querySelector('td.total');
			return cells.every((c) => c.textContent === 'Absent') && total.textContent === '0' &&
				!total.classList.contains('partial') && r.querySelector('td.gld').textContent === 'No';
		}, ri);
		// the foot counts GLD as the Full Report does: of the pupils included,
		// judged in all 17 and not absent (the absent pupil's row says No, but
		// they are not counted), and follows the save
		await page.waitForFunction(() => {
			const t = document.querySelector('table.grid[data-kind="elg"]');
			const rows = [...t.querySelectorAll('tbody tr:not(.excluded)')];
			const counted = rows.filter((r) => {
				const total = r.querySelector('td.total');
				const cells = [...r.querySelectorAll('td.cell')];
				return total.textContent !== '' && !total.classList.contains('partial') &&
					!cells.some((c) => c.textContent === 'Absent');
			});
			const yes = counted.filter((r) => r.querySelector('td.gld').textContent === 'Yes').length;
			const no = counted.filter((r) => r.querySelector('td.gld').textContent === 'No').length;
			const pct = counted.length ? (Math.round((yes * 10000) / counted.length) / 100).toFixed(2) : '';
			const at = (s) => t.querySelector(`td[data-stat="${s}"]`).textContent;
			return at('GLD-2-0') === String(yes) && at('GLD-1-0') === String(no) && at('GLD-2-1') === pct &&
				at('GLD-judged') === `${counted.length} of ${rows.length}`;
		});
		// what the figure counts is shown before it ("Yes: 3", "No: 5")
		const says = (s) => elg.locator(`td[data-stat="${s}"]`).evaluate((td) => getComputedStyle(td, '::before').content);
		if ((await says('GLD-2-0')) !== '"Yes: "' || (await says('GLD-1-1')) !== '"No: "') fail('the GLD figures do not say Yes and No');
	});

	await step('a screenshot of the grid for people to look at (e2e/grid.png)', async () => {
		const outDir = path.join(process.env.PT_BINARY_DIR || tmpRoot, 'e2e');
		fs.mkdirSync(outDir, { recursive: true });
		await page.screenshot({ path: path.join(outDir, 'grid.png'), fullPage: true });
	});

	await step('a read-only grid (the LA officer): Enter or a tap opens the note and the history, nothing to change', async () => {
		const gridUrl = page.url();
		const officer = demoLogin(run(['demo-data', '--db', db], 'demo-data'), 'la.officer');
		await context.clearCookies();
		await signIn(page, base, officer);
		await page.goto(gridUrl.replace(/[?].*$/, ''));
		const ro = page.locator('table.grid:has(caption:text-is("Keyboard Check"))');
		if ((await ro.getAttribute('data-editable')) !== '0') fail('the grid is editable for the LA officer');
		if ((await ro.locator('button.fill, button.note-edit, button.include-toggle').count()) !== 0) fail('the read-only grid has edit buttons');
		const c2 = ro.locator('tbody tr').first().locator('td.cell').nth(2);
		if ((await c2.locator('.note-mark').count()) !== 1) fail('the note marker is missing on the read-only grid');
		await c2.click();
		const menu = page.locator('.value-menu');
		await menu.waitFor();
		const items = await menu.getByRole('menuitem').allInnerTexts();
		if (items.join('|') !== 'Note\u2026|History\u2026') fail(`the read-only menu offers ${items.join(' | ')}`);
		await page.keyboard.press('Escape');
		await menu.waitFor({ state: 'detached' });
		// by keyboard: Enter opens the menu; Note shows the text to read
		await page.keyboard.press('Enter');
		await menu.waitFor();
		await page.keyboard.press('Enter');
		const note = page.getByRole('dialog', { name: 'Note for this judgement' });
		await note.waitFor();
		if (!/Counts to twenty/.test(await note.innerText())) fail('the note is not shown');
		if ((await note.locator('textarea').count()) !== 0) fail('the read-only note can be edited');
		await page.keyboard.press('Escape');
		await note.waitFor({ state: 'detached' });
		await page.keyboard.press('Enter');
		await menu.waitFor();
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		const hist = page.getByRole('dialog', { name: /^History: / });
		await hist.waitFor();
		await hist.locator('table tbody tr').first().waitFor();
		if (!/teacher\.demo/.test(await hist.innerText())) fail('the history does not say who changed the cell');
		await page.keyboard.press('Escape');
		await hist.waitFor({ state: 'detached' });
		// typing a judgement changes nothing
		await page.keyboard.press('b');
		await page.waitForTimeout(300);
		const now = await c2.evaluate((c) => c.firstChild.textContent);
		if (now !== 'On track' || (await c2.getAttribute('class')).includes('saving')) fail(`the read-only cell now shows "${now}"`);
	});

	await step('no script errors on the page', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
