// tests/e2e/pupils.mjs: the pupil screens of issue 4 in a real browser. Starts the
// server on a fresh SQLite database with the demo data, signs in as the demo
// teacher and, from the pupil list: adds a pupil through the form (a missing
// postcode is shown at the field first, nothing saved), finds them in the list,
// opens "Edit multiple pupils" from the list's link, flood-fills the class column
// and saves, sees the new class in the list, downloads the list as CSV (the
// accented name survives), and archives the new pupil (gone from the list).
// Run by CTest as e2e/pupils; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/pupils.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';

import { CHROMIUM, STEP_MS, bin, tmpRoot, fail, step, run, demoLogin, sleep, signIn, setUp, runMain } from './harness.mjs';



// A valid UPN of the demo school (LA 888, establishment 1234) with serial n.
function demoUpn(n) {
	const body = `888123425${String(n).padStart(3, '0')}`;
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i + 2);
	return 'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23] + body;
}

async function main() {
	const { work, base, teacher, context, page, jsErrors } = await setUp('pupils');
	const list = `${base}/schools/8881234/pupils`;
	const upn = demoUpn(977);
	const surname = "O'Quellan";
	const forenames = 'Zoë';

	await step('the teacher opens the pupil list: the actions are there', async () => {
		await signIn(page, base, teacher);
		await page.goto(list);
		for (const name of ['Add pupil', 'Edit multiple pupils', 'Upload pupils', 'Transfers'])
			if ((await page.getByRole('link', { name, exact: true }).count()) !== 1) fail(`no "${name}" link`);
	});

	await step('the add form shows a missing postcode at the field and saves nothing', async () => {
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Add pupil', exact: true }).click()]);
		await page.getByLabel('Unique Pupil Number').fill(upn);
		await page.getByLabel('Surname').fill(surname);
		await page.getByLabel('Forenames').fill(forenames);
		await page.getByLabel('Date of birth').fill('14/03/2021');
		await page.getByLabel('Gender').selectOption('F');
		await page.getByLabel('Ethnicity').selectOption('WBRI');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
		const summary = page.locator('.error-summary');
		if ((await summary.count()) !== 1) fail('no error summary');
		if (!/Postcode/.test(await summary.innerText())) fail(`the summary says: ${await summary.innerText()}`);
		if ((await page.locator('#f-postcode-error, .field .error-message').count()) < 1) fail('no message at the field');
		// What was typed is kept.
		if ((await page.getByLabel('Surname').inputValue()) !== surname) fail('the surname was not kept');
		await page.goto(`${list}?upn=${upn}`);
		if ((await page.locator('tbody tr').count()) !== 0) fail('the pupil was stored without a postcode');
	});

	await step('with the postcode the pupil is added and found in the list', async () => {
		await page.goto(list);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Add pupil', exact: true }).click()]);
		await page.getByLabel('Unique Pupil Number').fill(upn);
		await page.getByLabel('Surname').fill(surname);
		await page.getByLabel('Forenames').fill(forenames);
		await page.getByLabel('Date of birth').fill('14/03/2021');
		await page.getByLabel('Gender').selectOption('F');
		await page.getByLabel('Postcode').fill('PR1 0LD');
		await page.getByLabel('Ethnicity').selectOption('WBRI');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
		if ((await page.locator('.error-summary').count()) !== 0) fail(`refused: ${await page.locator('.error-summary').innerText()}`);
		if ((await page.getByRole('link', { name: 'Interventions', exact: true }).count()) !== 1) fail('the record has no Interventions link');
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}`);
		const rows = page.locator('tbody tr');
		if ((await rows.count()) !== 1) fail(`${await rows.count()} rows for the new surname`);
		if (!(await rows.first().innerText()).includes(`${surname}, ${forenames}`)) fail(`the row shows ${await rows.first().innerText()}`);
	});

	let className;
	await step('at 1366x768 the pupil list uses the page width: every Select checkbox is on screen', async () => {
		await page.setViewportSize({ width: 1366, height: 768 });
		await page.goto(list);
		const boxes = page.getByRole('checkbox', { name: /^Select / });
		const n = await boxes.count();
		if (n < 2) fail(`only ${n} Select checkboxes`);
		for (let i = 0; i < Math.min(n, 5); i++) {
			const b = await boxes.nth(i).boundingBox();
			if (!b || b.x < 0 || b.x + b.width > 1366 || b.width < 10) fail(`Select checkbox ${i} is not on screen: ${JSON.stringify(b)}`);
			// seen, not clipped by a scrolling box: the checkbox is what is at its centre
			await boxes.nth(i).scrollIntoViewIfNeeded();
			const seen = await boxes.nth(i).evaluate((c) => {
				const r = c.getBoundingClientRect();
				return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === c;
			});
			if (!seen) fail(`Select checkbox ${i} is hidden (clipped or covered)`);
		}
		const form = await page.locator('form:has(table)').first().boundingBox();
		if (form.width < 900) fail(`the list's form is ${form.width}px wide on a 1366px screen`);
		// the table is not scrolled sideways inside a narrow box
		const scroll = await page.locator('form .table-scroll').first().evaluate((d) => d.scrollWidth - d.clientWidth);
		if (scroll > 0) fail(`the pupil list scrolls sideways by ${scroll}px at 1366px`);
		// the filters' drop-downs are touch-sized
		const sel = await page.locator('main select').first().boundingBox();
		if (sel && sel.height < 40) fail(`a filter drop-down is ${sel.height}px tall`);
		await page.setViewportSize({ width: 1400, height: 900 });
	});

	await step('"Edit multiple pupils": flood-fill the class column and save', async () => {
		await page.goto(list);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit multiple pupils', exact: true }).click()]);
		const grid = page.locator('#pupils-grid');
		const rows = await grid.locator('tbody tr').count();
		if (rows < 2) fail(`only ${rows} rows`);
		await page.locator('#grid-fill-col').selectOption('class');
		await page.locator('#grid-fill-value').selectOption('4');
		className = (await page.locator('#grid-fill-value option[value="4"]').innerText()).trim();
		await page.locator('#grid-fill').click();
		const shown = await grid.locator('tbody td[data-field="class"]').allInnerTexts();
		if (shown.length !== rows || shown.some((t) => t.trim() !== className)) fail(`class column after the fill: ${[...new Set(shown)].join(', ')}`);
		await page.locator('#grid-save').click();
		await page.locator('#grid-status', { hasText: /^Saved \d+ pupils?\.$/ }).waitFor();
	});

	await step('the list shows the new class for every pupil, the new one included', async () => {
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}`);
		const row = page.locator('tbody tr').first();
		if (!(await row.innerText()).includes(className)) fail(`the row shows ${await row.innerText()}`);
		await page.goto(list);
		const classes = await page.locator('tbody tr td:nth-child(5)').allInnerTexts();
		if (!classes.length || classes.some((t) => t.trim() !== className)) fail(`classes in the list: ${[...new Set(classes)].join(', ')}`);
	});

	await step('the list downloads as CSV with the accented name and the apostrophe', async () => {
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}`);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
		const file = path.join(work, 'pupils.csv');
		await download.saveAs(file);
		const text = fs.readFileSync(file, 'utf8');
		if (!text.startsWith('UPN,Surname,Forenames,')) fail(`the file starts: ${text.slice(0, 60)}`);
		if (!text.includes(`${upn},${surname},${forenames},14/03/2021,Female,`)) fail(`the file: ${text}`);
	});

	await step('archive the new pupil from the list: gone from the list', async () => {
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}`);
		await page.getByLabel(`Select ${surname}, ${forenames}`).check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Archive pupils' }).click()]);
		const notice = await page.locator('.notice').first().innerText();
		if (!/^1 pupil archived\./.test(notice)) fail(`the notice says "${notice}"`);
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}`);
		if ((await page.locator('tbody tr').count()) !== 0) fail('the archived pupil is still listed');
		await page.goto(`${list}?surname=${encodeURIComponent("O'Q")}&archived=1`);
		if ((await page.locator('tbody tr.archived').count()) !== 1) fail('the archived pupil is not kept');
	});

	await step('no script errors on the page', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
