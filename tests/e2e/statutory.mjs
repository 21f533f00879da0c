// tests/e2e/statutory.mjs: the statutory entry screens of issue 6 in a real
// browser. Starts the server on a fresh SQLite database with the demo data, signs
// in as the demo teacher and, on the phonics Year 1 list: types marks by keyboard
// (the outcome beside each follows the mark as it is typed), types a mark out of
// range (refused at once with its reason beside the pupil, and Save sends
// nothing), corrects it, saves, reloads (the values are kept and the outcome is
// the server's); on the KS2 list picks a writing result from the drop-down,
// saves and sees it kept; last, in a browser with JavaScript switched off, saves
// a mark through the form's own fields.
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
		if (!/41 is out of range/.test(text) || !/0-40/.test(text)) fail(`the reason shown: ${text}`);
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
		// (one device at a time: this sign-in ended the first browser's session)
		await nojs.close();
	});

	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
