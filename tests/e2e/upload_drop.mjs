// tests/e2e/upload_drop.mjs: "Upload & send" of several files by drag and drop
// (issue 7b, web/static/upload.js) in a real browser. The demo LA officer makes a
// KS2 request; the demo school admin drops a good CTF, a bad CTF and a file over
// 3 MiB onto the drop zone: the zone lists the three with their sizes and marks
// the big one before anything is sent; after Upload & send the page gives each
// file its own verdict (Successful, Upload error, refused naming the limit).
// Run by CTest as e2e/upload_drop; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/upload_drop.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { fail, step, run, demoLogin, signIn, setUp, runMain } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.PT_SHARED_DIR || path.resolve(here, '../../../shared');
const GOOD = path.join(shared, 'fixtures', 'ctf', '8881234_KS2_888LLLL_001.xml');
const BAD = path.join(shared, 'fixtures', 'ctf', 'bad', 'duplicate-upn.xml');
const REQUEST = 'KS2 TA (drop test)';

async function main() {
	const { base, db, context, page, jsErrors } = await setUp('upload-drop');
	const logins = run(['demo-data', '--db', db], 'demo-data');
	const officer = demoLogin(logins, 'la.officer');
	const admin = demoLogin(logins, 'school.admin');

	let id;
	await step('the LA officer creates a KS2 request', async () => {
		await signIn(page, base, officer);
		await page.goto(`${base}/la/requests/new`);
		await page.getByLabel('Name').fill(REQUEST);
		await page.getByLabel('Collection').selectOption('ks2');
		await page.getByLabel('Academic year').fill('2025');
		const next = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
		await page.getByLabel('Deadline date').fill(next);
		await page.getByLabel('All schools of the LA').check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the request' }).click()]);
		id = new URL(page.url()).pathname.split('/').pop();
		if (!/^\d+$/.test(id)) fail(`saving went to ${page.url()}`);
	});

	await step('the school admin drops three files on the drop zone and sees them listed', async () => {
		await context.clearCookies();
		await signIn(page, base, admin);
		await page.goto(`${base}/schools/8881234/requests/${id}`);
		const files = [
			{ name: 'good.xml', text: fs.readFileSync(GOOD, 'utf8') },
			{ name: 'bad.xml', text: fs.readFileSync(BAD, 'utf8') },
			{ name: 'huge.xml', text: '<' + ' '.repeat(3145728) },
		];
		const dt = await page.evaluateHandle((list) => {
			const d = new DataTransfer();
			for (const f of list) d.items.add(new File([f.text], f.name, { type: 'text/xml' }));
			return d;
		}, files);
		const zone = page.locator('[data-drop-zone]');
		await zone.dispatchEvent('dragover', { dataTransfer: dt });
		if (!(await zone.getAttribute('class')).includes('drop-active')) fail('the zone is not highlighted while dragging');
		await zone.dispatchEvent('drop', { dataTransfer: dt });
		const listed = await zone.locator('.drop-list').innerText();
		if (!listed.includes('good.xml') || !listed.includes('bad.xml')) fail(`the zone lists: ${listed}`);
		if (!/huge\.xml \(3\.0 MiB\): over the 3 MiB limit/.test(listed)) fail(`the big file is not marked: ${listed}`);
		const count = await page.locator('#up-files').evaluate((el) => el.files.length);
		if (count !== 3) fail(`the picker holds ${count} files`);
	});

	await step('Upload & send gives each file its own verdict', async () => {
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload & send' }).click()]);
		const text = await page.locator('main').innerText();
		if (!text.includes('2 of 3 files received')) fail(`the page says: ${text.slice(0, 600)}`);
		if (!text.includes('good.xml: Successful')) fail('no verdict for good.xml');
		if (!text.includes('bad.xml: Upload error')) fail('no verdict for bad.xml');
		if (!/huge\.xml: Refused, not sent[\s\S]*3145729 bytes/.test(text)) fail('no refusal for huge.xml');
	});

	await step('no script errors', async () => {
		if (jsErrors.length) fail(jsErrors.join('; '));
	});
}

await runMain(main);
