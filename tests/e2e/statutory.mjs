// tests/e2e/statutory.mjs: the statutory entry screens of issue 6 in a real
// browser. Starts the server on a fresh SQLite database with the demo data, signs
// in as the demo teacher and, on the phonics Year 1 list: types marks by keyboard
// (the outcome beside each follows the mark as it is typed), types a mark out of
// range (refused at once with its reason beside the pupil, and Save sends
// nothing), corrects it, saves, reloads (the values are kept and the outcome is
// the server's); on the KS2 list picks a writing result from the drop-down,
// saves and sees it kept; types writing results by keyboard in lower case (taken
// as the column's codes), types codes the column does not have (refused at once
// with the reason beside the pupil, the cell keeps its value and the code is
// never saved), fills the science column with one code from "Fill column",
// changes one cell after it, checks that nothing is stored before Save, then
// saves and reloads (the typed and filled results are kept); last, in a browser
// with JavaScript switched off, saves a mark through the form's own fields.
// Run by CTest as e2e/statutory; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/statutory.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';

import { fail, step, signIn, setUp, runMain } from './harness.mjs';

// The mark inputs of the list, in page order (pupils with an entry).
const MARKS = 'input.cell[data-comp="PSC"]:not([disabled])';

async function rowOf(input) {
	return input.locator('xpath=ancestor::tr[1]');
}

async function main() {
	const { work, base, teacher, context, page, jsErrors } = await setUp('statutory');
	const phonics = `${base}/schools/8881234/statutory/phonics`;
	const ks2 = `${base}/schools/8881234/statutory/ks2`;
	let n = 0;

	await step('the teacher opens the phonics Year 1 list: marks, outcomes, the codes', async () => {
		await signIn(page, base, teacher);
		await page.goto(phonics);
		n = await page.locator(MARKS).count();
		if (n < 4) fail(`only ${n} pupils with a mark field`);
		if (!(await page.locator('h1').innerText()).includes('Year 1')) fail('not the Year 1 list');
		if ((await page.getByText('What the codes mean').count()) !== 1) fail('no code meanings');
	});

	await step('marks typed by keyboard; the outcome follows each as it is typed', async () => {
		const first = page.locator(MARKS).nth(0);
		await first.click();
		await page.keyboard.press('Control+A');
		await page.keyboard.type('35');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Control+A');
		await page.keyboard.type('12');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Control+A');
		await page.keyboard.type('A');
		const outcomes = [];
		for (let i = 0; i < 3; i++)
			outcomes.push((await (await rowOf(page.locator(MARKS).nth(i))).locator('.outcome').innerText()).trim());
		if (outcomes.join(',') !== 'Wa,Wt,') fail(`outcomes while typing: ${outcomes.join(',')}`);
		if ((await page.locator(MARKS).nth(1).inputValue()) !== '12') fail('the Tab key did not move to the next pupil');
	});

	await step('a mark out of range is refused at once with its reason; Save sends nothing', async () => {
		const bad = page.locator(MARKS).nth(3);
		await bad.click();
		await page.keyboard.press('Control+A');
		await page.keyboard.type('41');
		const row = await rowOf(bad);
		const msg = row.locator('.messages [role="alert"]');
		await msg.waitFor();
		const text = await msg.innerText();
		if (!/41 is not allowed: enter a whole number in the range 0-40, or A, D, L or Q/.test(text)) fail(`the reason shown: ${text}`);
		if ((await bad.getAttribute('aria-invalid')) !== 'true') fail('the field is not marked invalid');
		const before = page.url();
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await page.waitForTimeout(500);
		if (page.url() !== before) fail(`the form was sent: now at ${page.url()}`);
		if ((await page.evaluate(() => document.activeElement.value)) !== '41') fail('the invalid field does not have the focus');
		// a code in the wrong case says what was meant
		await page.keyboard.press('Control+A');
		await page.keyboard.type('q');
		if (!/did you mean Q/.test(await msg.innerText())) fail(`for "q": ${await msg.innerText()}`);
		await page.keyboard.press('Control+A');
		await page.keyboard.type('D');
		if ((await row.locator('.messages [role="alert"]').count()) !== 0) fail('the message stayed after the correction');
		if ((await bad.getAttribute('aria-invalid')) !== null) fail('still marked invalid');
	});

	await step('Save, reload: the marks are kept and the outcome is computed', async () => {
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
		if (!(await page.locator('.notice').first().innerText()).includes('The results were saved.')) fail('no saved notice');
		await page.reload();
		const want = [['35', 'Wa'], ['12', 'Wt'], ['A', ''], ['D', '']];
		for (let i = 0; i < want.length; i++) {
			const input = page.locator(MARKS).nth(i);
			const value = await input.inputValue();
			const outcome = (await (await rowOf(input)).locator('.outcome').innerText()).trim();
			if (value !== want[i][0] || outcome !== want[i][1]) fail(`pupil ${i + 1}: ${value} / ${outcome}, wanted ${want[i].join(' / ')}`);
		}
	});

	await step('KS2: a writing result chosen from the drop-down is saved and shown', async () => {
		await page.goto(ks2);
		const select = page.locator('select.cell[data-comp="WR"]:not([disabled])').first();
		if ((await select.count()) !== 1) fail(`no KS2 writing drop-down: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
		const options = await select.locator('option').allInnerTexts();
		for (const code of ['GDS', 'EXS', 'WTS', 'PK6'])
			if (!options.includes(code)) fail(`the drop-down lacks ${code}: ${options.join(',')}`);
		await select.selectOption('EXS');
		const label = await select.getAttribute('aria-label');
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
		if (!(await page.locator('.notice').first().innerText()).includes('The results were saved.')) fail('no saved notice');
		await page.reload();
		if ((await page.getByLabel(label, { exact: true }).inputValue()) !== 'EXS') fail('the KS2 result was not kept');
	});

	await step('KS2 at 1366x768: the whole entry table fits the screen, Messages included (the form is not squeezed)', async () => {
		await page.setViewportSize({ width: 1366, height: 768 });
		await page.goto(ks2);
		const table = page.locator('form table.statutory');
		const heads = await table.locator('thead th').allInnerTexts();
		if (heads[heads.length - 1].trim() !== 'Messages') fail(`the last column is "${heads[heads.length - 1]}"`);
		const last = await table.locator('thead th').last().boundingBox();
		if (!last || last.x + last.width > 1366) fail(`Messages ends at ${last && last.x + last.width}px, past 1366`);
		const form = await page.locator('form:has(table.statutory)').boundingBox();
		if (form.width < 900) fail(`the entry form is ${form.width}px wide on a 1366px screen`);
		// every subject's drop-down of the first pupil is on screen, not scrolled off
		const first = table.locator('tbody tr').first().locator('select.cell');
		for (let i = 0; i < (await first.count()); i++) {
			const b = await first.nth(i).boundingBox();
			if (!b || b.x + b.width > 1366) fail(`drop-down ${i} of the first pupil is off the screen`);
		}
		// a drop-down is a comfortable touch target
		const h = (await first.first().boundingBox()).height;
		if (h < 40) fail(`a result drop-down is ${h}px tall`);
		await page.setViewportSize({ width: 1400, height: 900 });
	});

	const WR = 'select.cell[data-comp="WR"]:not([disabled])';
	const SC = 'select.cell[data-comp="SC"]:not([disabled])';
	const typeInto = async (sel, text) => {
		await sel.focus();
		await page.keyboard.type(text);
	};
	const alertOf = async (sel) => (await rowOf(sel)).locator('.messages [role="alert"]');

	await step('KS2: the codes and their meanings are on screen beside the fill tools', async () => {
		if ((await page.locator(WR).count()) < 4) fail(`only ${await page.locator(WR).count()} KS2 pupils`);
		const codes = await page.locator('dl.codes').innerText();
		if (!/EXS\s+Working at the expected standard/.test(codes) || !/HNM\s+Has not met/.test(codes))
			fail(`the codes' meanings: ${codes}`);
		if (!(await page.locator('#st-tools').isVisible())) fail('no fill tools');
		if (!(await page.locator('#st-tools').innerText()).includes('Type a result code')) fail('no hint on typing');
	});

	await step('KS2: a writing result typed by keyboard, in lower case, is taken', async () => {
		const cell = page.locator(WR).nth(1);
		await typeInto(cell, 'wts');
		if ((await cell.inputValue()) !== 'WTS') fail(`typed wts, the cell holds "${await cell.inputValue()}"`);
		const said = await page.locator('#st-status').innerText();
		if (!/KS2 writing for .*: WTS, Working towards the expected standard/.test(said)) fail(`announced: ${said}`);
		if (!(await cell.locator('xpath=..').getAttribute('class') || '').includes('changed')) fail('the cell is not marked changed');
		if ((await (await alertOf(cell)).count()) !== 0) fail('a message for a good code');
	});

	await step('KS2: a code the column does not have is refused at once, with the reason beside the pupil', async () => {
		const cell = page.locator(WR).nth(2);
		await typeInto(cell, 'XYZ');
		const msg = await alertOf(cell);
		await msg.waitFor();
		let text = await msg.innerText();
		if (!/result XYZ is not allowed for KS2 writing; use GDS, EXS, WTS/.test(text)) fail(`the reason shown: ${text}`);
		if (!/keeps no result/.test(text)) fail(`does not say what the cell keeps: ${text}`);
		if ((await cell.inputValue()) !== '') fail(`the cell changed to "${await cell.inputValue()}"`);
		if ((await cell.getAttribute('aria-invalid')) !== 'true') fail('the cell is not marked invalid');
		if (!(await cell.getAttribute('aria-describedby'))) fail('the cell is not described by its message');
		// Delete starts again; a good code clears the message
		await page.keyboard.press('Delete');
		await page.keyboard.type('gds');
		if ((await cell.inputValue()) !== 'GDS') fail(`after the correction: "${await cell.inputValue()}"`);
		if ((await msg.count()) !== 0) fail('the message stayed after the correction');
		if ((await cell.getAttribute('aria-invalid')) !== null) fail('still marked invalid');
		// HNM is a science code, not a writing one: refused for writing, and it stays out
		const other = page.locator(WR).nth(3);
		await typeInto(other, 'hnm');
		text = await (await alertOf(other)).innerText();
		if (!/result hnm is not allowed for KS2 writing/.test(text)) fail(`for hnm in writing: ${text}`);
		if ((await other.inputValue()) !== '') fail(`the refused code went in: "${await other.inputValue()}"`);
	});

	let filled = 0;
	await step('KS2: Fill column puts one science code in every open cell; a cell changes after it; nothing is saved yet', async () => {
		await page.locator('#st-fill-col').selectOption({ label: 'KS2 science' });
		const values = await page.locator('#st-fill-value option').allInnerTexts();
		if (!values.includes('EXS: Working at the expected standard') || !values.some((v) => v.startsWith('HNM: ')))
			fail(`the science codes offered: ${values.join(' | ')}`);
		if (values.some((v) => v.startsWith('GDS'))) fail('GDS offered for science');
		await page.locator('#st-fill-value').selectOption('EXS');
		await page.getByRole('button', { name: 'Fill', exact: true }).click();
		filled = await page.locator(SC).count();
		const got = await page.locator(SC).evaluateAll((els) => els.map((e) => e.value));
		if (got.some((v) => v !== 'EXS')) fail(`science after the fill: ${got.join(',')}`);
		const said = await page.locator('#st-status').innerText();
		if (!said.includes(`Filled KS2 science with EXS for ${filled} pupils`) || !/not saved yet/.test(said)) fail(`status: ${said}`);
		// the user can still change a cell: H is HNM in science
		await typeInto(page.locator(SC).nth(0), 'h');
		if ((await page.locator(SC).nth(0).inputValue()) !== 'HNM') fail('the filled cell could not be changed');
		// a second tab of the same session sees nothing stored yet
		const other = await context.newPage();
		await other.goto(ks2);
		const stored = await other.locator(SC).evaluateAll((els) => els.map((e) => e.value));
		await other.close();
		if (stored.some((v) => v !== '')) fail(`science stored before Save: ${stored.join(',')}`);
	});

	await step('KS2: Save, reload: the typed and filled results are kept, the refused code is not', async () => {
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
		if (!(await page.locator('.notice').first().innerText()).includes('The results were saved.'))
			fail(`not saved: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
		await page.reload();
		const wr = await page.locator(WR).evaluateAll((els) => els.slice(0, 4).map((e) => e.value));
		if (wr.join(',') !== 'EXS,WTS,GDS,') fail(`writing after reload: ${wr.join(',')}`);
		const sc = await page.locator(SC).evaluateAll((els) => els.map((e) => e.value));
		if (sc.length !== filled || sc[0] !== 'HNM' || sc.slice(1).some((v) => v !== 'EXS')) fail(`science after reload: ${sc.join(',')}`);
		if ((await page.locator('td.changed').count()) !== 0) fail('cells still marked changed after the reload');
	});

	await step('no script errors on the page', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	await step('without JavaScript the form saves with its own fields', async () => {
		const nojs = await context.browser().newContext({ javaScriptEnabled: false });
		const p = await nojs.newPage();
		await signIn(p, base, teacher);
		await p.goto(phonics);
		await p.locator(MARKS).nth(4).fill('33');
		await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Save', exact: true }).click()]);
		if (!(await p.locator('.notice').first().innerText()).includes('The results were saved.')) fail(`not saved: ${await p.locator('main').innerText()}`);
		await p.goto(phonics);
		const input = p.locator(MARKS).nth(4);
		if ((await input.inputValue()) !== '33') fail('the mark was not kept');
		if ((await (await rowOf(input)).locator('.outcome').innerText()).trim() !== 'Wa') fail('no outcome for 33');
		// the marks saved with JavaScript are untouched
		if ((await p.locator(MARKS).nth(0).inputValue()) !== '35') fail('an earlier mark changed');
		// the KS2 fill tools need the script: without it they stay hidden
		await p.goto(ks2);
		if ((await p.locator('select.cell[data-comp="WR"]').count()) < 1) fail('no KS2 list without JavaScript');
		if (await p.locator('#st-tools').isVisible()) fail('the fill tools show without JavaScript');
		// (one device at a time: this sign-in ended the first browser's session)
		await nojs.close();
	});

	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
