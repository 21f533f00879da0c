// tests/e2e/statutory_submit.mjs: submitting a statutory return and the locked
// view of issue 6 in a real browser. Starts the server on a fresh SQLite database
// with the demo data, signs in as the demo school admin and, on the phonics Year 1
// list: enters a mark for every pupil, saves; on the CTF download form the
// receiving school's LAESTAB is only shown for "Another school" (and always
// without JavaScript), and a missing one is refused at the field with the form
// kept; opens the Submit section (it says the submitter's name and today's date
// will be recorded), confirms, and then sees the
// list locked: the notice says who submitted and when, the list is grey, every
// field is disabled, and a write forced past the page (a POST with a valid CSRF
// token) is refused and changes nothing. Then the same for the EYFS profile: the
// demo Reception class's end of year goals are submitted and the tracking grid
// shows them locked (grey, no editing; a tap opens the cell's history only).
// Run by CTest as e2e/statutory_submit; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/statutory_submit.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';

import { fail, step, signIn, setUp, runMain } from './harness.mjs';

// The demo school admin of Demo Primary School (app/demo.c, demo_login_table).
const ADMIN = { username: 'school.admin', password: 'demo-school-admin-pass', code: '46802' };
const ADMIN_NAME = 'Sandy Admin (demo)';
const MARKS = 'input.cell[data-comp="PSC"]';
const GREY_INPUT = 'rgb(243, 242, 241)'; // .table-scroll.locked .statutory input (app.css)
const GREY_CELL = 'rgb(232, 232, 232)'; // .grid.locked td (app.css)

// Today as the pages write it (date_format_dmy): DD/MM/YYYY.
function today() {
	const d = new Date();
	const two = (n) => String(n).padStart(2, '0');
	return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

// Whether text says the return was submitted today by the admin, named as the
// declaration named them (the display name).
function submittedBy(text) {
	return text.includes(`Submitted on ${today()} by ${ADMIN_NAME}`);
}

// Ticks the declaration and sends the Submit form; the page after it.
async function confirmSubmit(page) {
	const form = page.locator('form[action*="/submit?"]');
	const text = await form.innerText();
	if (!text.includes(`Your name (${ADMIN_NAME}) and today's date will be recorded with the submission.`))
		fail(`the form does not say what the submission records: ${text}`);
	await form.getByRole('checkbox').check();
	await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Submit these results' }).click()]);
	if ((await page.locator('.error-summary').count()) !== 0)
		fail(`the submission was refused: ${(await page.locator('main').innerText()).slice(0, 2000)}`);
}

async function main() {
	const { work, base, context, page, jsErrors } = await setUp('statutory_submit');
	const phonics = `${base}/schools/8881234/statutory/phonics`;
	const eyfsp = `${base}/schools/8881234/statutory/eyfsp`;
	let n = 0;
	let firstName = '';

	await step('the school admin enters a phonics mark for every pupil of Year 1 and saves', async () => {
		await signIn(page, base, ADMIN);
		await page.goto(phonics);
		if (!(await page.locator('h1').innerText()).includes('Year 1')) fail('not the Year 1 list');
		const marks = page.locator(`${MARKS}:not([disabled])`);
		n = await marks.count();
		if (n < 4) fail(`only ${n} pupils with a mark field`);
		for (let i = 0; i < n; i++) await marks.nth(i).fill(String(20 + (i % 21)));
		firstName = await marks.nth(0).getAttribute('name');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
		if (!(await page.locator('.notice').first().innerText()).includes('The results were saved.'))
			fail(`not saved: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
	});

	await step('and for the Year 2 retakes, whose check is part of the same return', async () => {
		await page.goto(`${phonics}?group=2`);
		const marks = page.locator(`${MARKS}:not([disabled])`);
		const m = await marks.count();
		for (let i = 0; i < m; i++) await marks.nth(i).fill(String(30 + (i % 11)));
		if (m) {
			await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
			if (!(await page.locator('.notice').first().innerText()).includes('The results were saved.'))
				fail(`not saved: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
		}
		await page.goto(phonics);
	});

	await step('the CTF form asks for a LAESTAB only for another school; a missing one is refused at the field', async () => {
		const school = page.locator('#ctf-school');
		if (await school.isVisible()) fail('the LAESTAB field shows while the LA is chosen');
		await page.locator('#ctf-dest').selectOption('school');
		if (!(await school.isVisible())) fail('the LAESTAB field is not shown for another school');
		if (!(await page.evaluate(() => document.activeElement.id === 'ctf-school'))) fail('the LAESTAB field does not get the focus');
		await page.locator('#ctf-dest').selectOption('naa');
		if (await school.isVisible()) fail('the LAESTAB field stays for the national agency');
		await page.locator('#ctf-dest').selectOption('school');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Download the CTF' }).click()]);
		const summary = await page.locator('.error-summary').innerText();
		if (!/The CTF was not made/.test(summary) || !/LAESTAB/.test(summary)) fail(`the refusal says: ${summary}`);
		if (!(await school.isVisible())) fail('the LAESTAB field is hidden after the refusal');
		if ((await page.locator('#ctf-dest').inputValue()) !== 'school') fail('the destination chosen was not kept');
		if (!/^Error: Give the receiving school's 7-digit LAESTAB/.test(await page.locator('#ctf-school-error').innerText()))
			fail('no error at the LAESTAB field');
		if ((await school.getAttribute('aria-invalid')) !== 'true') fail('the field is not marked invalid');
		await page.goto(phonics);
	});

	await step('Submit says what it records (the submitter and the date); confirmed', async () => {
		if ((await page.locator('form[action*="/submit?"]').count()) !== 1)
			fail(`no Submit form: ${(await page.locator('main').innerText()).slice(0, 2000)}`);
		await confirmSubmit(page);
	});

	await step('the list is then locked: notice, grey, every field disabled', async () => {
		await page.goto(phonics);
		const notice = await page.locator('.notice.locked').innerText();
		if (!submittedBy(notice) || !/locked/.test(notice))
			fail(`the locked notice: ${notice}`);
		if ((await page.locator('.table-scroll.locked').count()) !== 1) fail('the list is not marked locked');
		if ((await page.locator(MARKS).count()) !== n) fail('the marks are not all shown');
		if ((await page.locator(`${MARKS}:not([disabled])`).count()) !== 0) fail('a mark field can still be edited');
		const bg = await page.locator(MARKS).first().evaluate((el) => getComputedStyle(el).backgroundColor);
		if (bg !== GREY_INPUT) fail(`the locked fields are not grey: ${bg}`);
		if ((await page.getByRole('button', { name: 'Save', exact: true }).count()) !== 0) fail('a Save button is still offered');
		if ((await page.locator('form[action*="/submit?"]').count()) !== 0) fail('Submit is still offered');
		if ((await page.locator(MARKS).first().inputValue()) !== '20') fail('the submitted mark is not shown');
	});

	await step('a write forced past the page is refused and changes nothing', async () => {
		const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
		if (!csrf) fail('no CSRF token on the page to force a write with');
		const r = await page.request.post(phonics, { form: { csrf, [firstName]: '5' }, maxRedirects: 0 });
		if (r.status() !== 409) fail(`the forced write answered ${r.status()}, not 409`);
		if (!/locked|submitted/i.test(await r.text())) fail('the refusal does not say the results are locked');
		await page.goto(phonics);
		if ((await page.locator(MARKS).first().inputValue()) !== '20') fail('the forced write changed the mark');
	});

	await step('the EYFS profile: submitted, then the tracking grid shows the goals locked grey', async () => {
		// the demo class has a few children with no goals yet: absent, by keyboard
		await page.goto(eyfsp);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Enter or correct the early learning goals in the tracking grid' }).click()]);
		const elg = page.locator('table.grid[data-kind="elg"]');
		const empty = await elg.evaluate((t) => [...t.querySelectorAll('tbody tr')]
			.map((r, i) => ([...r.querySelectorAll('td.cell')].every((c) => c.textContent.trim() === '') ? i : -1))
			.filter((i) => i >= 0));
		for (const i of empty) {
			const tr = elg.locator('tbody tr').nth(i);
			await tr.locator('td.cell').first().click();
			await page.keyboard.press('Escape');
			await page.keyboard.press('a');
			await page.waitForFunction(([k]) => {
				const r = document.querySelectorAll('table.grid[data-kind="elg"] tbody tr')[k];
				return [...r.querySelectorAll('td.cell')].every((c) => c.textContent === 'Absent' && c.classList.contains('saved'));
			}, [i]);
		}
		await page.goto(eyfsp);
		if ((await page.locator('form[action*="/submit?"]').count()) !== 1)
			fail(`no Submit form for the EYFS profile: ${(await page.locator('main').innerText()).slice(0, 2000)}`);
		await confirmSubmit(page);
		await page.goto(eyfsp);
		if (!submittedBy(await page.locator('main').innerText()))
			fail('the EYFS profile does not show the submission');
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'See the early learning goals in the tracking grid' }).click()]);
		const grid = page.locator('table.grid[data-kind="elg"]');
		if ((await grid.count()) !== 1) fail('no early learning goals grid');
		if (!(await grid.getAttribute('class')).split(/\s+/).includes('locked')) fail('the ELG grid is not locked');
		// a child with goals entered (not Absent): the key A would make the row Absent
		const k = await grid.evaluate((t) => [...t.querySelectorAll('tbody tr')]
			.findIndex((r) => !['', 'Absent'].includes(r.querySelector('td.cell').textContent.trim())));
		if (k < 0) fail('no child with goals entered in the locked grid');
		const cell = grid.locator('tbody tr').nth(k).locator('td.cell').first();
		const bg = await cell.evaluate((el) => getComputedStyle(el).backgroundColor);
		if (bg !== GREY_CELL) fail(`the locked grid is not grey: ${bg}`);
		const before = await cell.innerText();
		// a tap opens the read-only menu: the cell's history, nothing to change
		await cell.click();
		const menu = page.locator('.value-menu');
		await menu.waitFor();
		const items = await menu.getByRole('menuitem').allInnerTexts();
		if (!items.includes('History\u2026') || items.some((x) => /^(Emerging|Expected|Absent)$/.test(x)))
			fail(`the locked cell's menu offers ${items.join(' | ')}`);
		await menu.getByRole('menuitem', { name: 'History\u2026' }).click();
		const hist = page.getByRole('dialog', { name: /^History: / });
		await hist.waitFor();
		await page.waitForFunction(() => !/Loading/.test(document.querySelector('[role=dialog]').textContent));
		if (!/No changes yet|When/.test(await hist.innerText())) fail(`the locked cell's history says: ${await hist.innerText()}`);
		await page.keyboard.press('Escape');
		await hist.waitFor({ state: 'detached' });
		await page.keyboard.press('a');
		await page.waitForTimeout(300);
		if ((await cell.innerText()) !== before) fail('a locked grid cell could be changed');
		await page.reload();
		if ((await grid.locator('tbody tr').nth(k).locator('td.cell').first().innerText()) !== before)
			fail('the locked grid changed after a reload');
	});

	// last: a sign-in elsewhere ends the session of the page above
	await step('without JavaScript the CTF form shows the LAESTAB field', async () => {
		const nojs = await context.browser().newContext({ javaScriptEnabled: false });
		const p = await nojs.newPage();
		await signIn(p, base, ADMIN);
		await p.goto(phonics);
		if ((await p.locator('#ctf-dest').count()) !== 1) fail(`no CTF form: ${(await p.locator('main').innerText()).slice(0, 1500)}`);
		if (!(await p.locator('#ctf-school').isVisible())) fail('without JavaScript the LAESTAB field is hidden');
		await nojs.close();
	});

	await step('no script errors on the pages', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});

	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
