// tests/e2e/headline.mjs: the home page headline one at a time (issue 8c).
// Starts the server on a fresh SQLite database with the demo data and signs in
// as the demo teacher. The page as served (what a browser without script gets)
// lists every headline; with script one shows at a time with "1 of N", the
// Pause button stops it (aria-pressed) and Next moves on; with reduced motion
// the full list stays and no controls appear. Run by CTest as e2e/headline; by
// hand: PUPILTRACK=build/pupiltrack node tests/e2e/headline.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';

import { fail, step, signIn, setUp, runMain } from './harness.mjs';

async function main() {
	const { work, base, teacher, page, jsErrors } = await setUp('headline');
	let total = 0;

	await step('without script every headline is listed', async () => {
		await signIn(page, base, teacher);
		const html = await (await page.request.get(`${base}/`)).text();
		const m = html.match(/<ul class="headline-list">([\s\S]*?)<\/ul>/);
		if (!m) fail('no headline list on the home page (demo data without judgements?)');
		total = (m[1].match(/<li>/g) || []).length;
		if (total < 2) fail(`${total} headlines: nothing to cycle`);
		if (/hidden/.test(m[1])) fail('the served list hides headlines');
	});

	await step('with script one headline shows, "1 of N", Pause and Next work', async () => {
		await page.goto(`${base}/`);
		const visible = page.locator('.headline-list li:visible');
		if ((await visible.count()) !== 1) fail(`${await visible.count()} headlines visible`);
		const count = page.locator('.headline-count');
		if ((await count.innerText()) !== `1 of ${total}`) fail(`count says ${await count.innerText()}`);
		const pause = page.getByRole('button', { name: 'Pause the headlines' });
		if ((await pause.getAttribute('aria-pressed')) !== 'false') fail('pause starts pressed');
		await pause.click();
		const play = page.getByRole('button', { name: 'Play the headlines' });
		if ((await play.getAttribute('aria-pressed')) !== 'true') fail('pause is not pressed after a click');
		if ((await page.locator('.headline-list').getAttribute('aria-live')) !== 'polite') fail('paused list is not live');
		const first = await visible.innerText();
		await page.getByRole('button', { name: 'Next', exact: true }).click();
		if ((await count.innerText()) !== `2 of ${total}`) fail(`after Next the count says ${await count.innerText()}`);
		if ((await visible.innerText()) === first) fail('Next did not change the headline');
	});

	await step('with reduced motion every headline stays listed, no controls', async () => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		await page.goto(`${base}/`);
		const shown = await page.locator('.headline-list li:visible').count();
		if (shown !== total) fail(`${shown} of ${total} headlines visible`);
		if ((await page.locator('.headline-controls').count()) !== 0) fail('controls shown with reduced motion');
	});

	await step('no script errors on the pages', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});
	fs.rmSync(work, { recursive: true, force: true });
}

await runMain(main);
