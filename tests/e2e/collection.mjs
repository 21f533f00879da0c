// tests/e2e/collection.mjs: the LA collection in a real browser (issue 7). Starts
// the server on a fresh SQLite database with the demo data; the demo LA officer
// creates a KS2 file request for every school of the LA; the demo school admin
// uploads a bad and a good CTF (the shared fixtures) in one "Upload & send": the
// bad one is an Upload error and its page lists its problems as FILE:LINE:COL,
// the good one is the return; the officer sees the school Submitted on the
// dashboard, opens the file and downloads it (the same bytes as sent); the school
// then sees Received. Stops the server in every case. Run by CTest as
// e2e/collection; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/collection.mjs
// Set-up and environment: tests/e2e/harness.mjs.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { fail, step, run, demoLogin, signIn, setUp, runMain } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.PT_SHARED_DIR || path.resolve(here, '../../../shared');
const fixtures = path.join(shared, 'fixtures', 'ctf');
const GOOD = path.join(fixtures, '8881234_KS2_888LLLL_001.xml');
const BAD = path.join(fixtures, 'bad', 'duplicate-upn.xml');
const REQUEST = 'KS2 TA 2025/26 (browser test)';

async function main() {
	const { base, db, context, page, jsErrors } = await setUp('collection');
	const logins = run(['demo-data', '--db', db], 'demo-data');
	const officer = demoLogin(logins, 'la.officer');
	const admin = demoLogin(logins, 'school.admin');
	const switchTo = async (who) => {
		await context.clearCookies();
		await signIn(page, base, who);
	};

	let requestPath;
	await step('the LA officer creates a KS2 request for every school of the LA', async () => {
		await switchTo(officer);
		await page.goto(`${base}/la/requests/new`);
		await page.getByLabel('Name').fill(REQUEST);
		await page.getByLabel('Collection').selectOption('ks2');
		await page.getByLabel('Academic year').fill('2025');
		const next = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
		await page.getByLabel('Deadline date').fill(next);
		await page.getByLabel('All schools of the LA').check();
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the request' }).click()]);
		requestPath = new URL(page.url()).pathname;
		if (!/^\/la\/requests\/\d+$/.test(requestPath)) fail(`saving went to ${page.url()}`);
		const row = page.locator('tr', { hasText: 'Demo Primary School' });
		if (!(await row.innerText()).includes('File required')) fail(`the school's row: ${await row.innerText()}`);
	});
	const id = requestPath.split('/').pop();
	const schoolPath = `/schools/8881234/requests/${id}`;

	await step('the school admin sees the request and uploads a bad and a good CTF', async () => {
		await switchTo(admin);
		await page.goto(`${base}/schools/8881234/requests`);
		const row = page.locator('tr', { hasText: REQUEST });
		if (!(await row.innerText()).includes('File required')) fail(`the request's row: ${await row.innerText()}`);
		await Promise.all([page.waitForNavigation(), row.getByRole('link', { name: REQUEST }).click()]);
		await page.locator('input[type="file"]').first().setInputFiles([BAD, GOOD]);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Upload & send' }).click()]);
		const text = await page.locator('main').innerText();
		if (!text.includes('duplicate-upn.xml') || !text.includes('8881234_KS2_888LLLL_001.xml'))
			fail(`after the upload the page shows: ${text.slice(0, 600)}`);
	});

	await step('the bad file is an Upload error with its problems listed by line', async () => {
		await page.goto(`${base}${schoolPath}`);
		const status = await page.locator('main').innerText();
		if (!status.includes('Submitted')) fail(`the request's status: ${status.slice(0, 400)}`);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'duplicate-upn.xml' }).first().click()]);
		const text = await page.locator('main').innerText();
		if (!text.includes('Upload error')) fail(`the bad file's page: ${text.slice(0, 400)}`);
		if (!/duplicate-upn\.xml:395:\d+: error:/.test(text)) fail(`no located problem on: ${text.slice(0, 800)}`);
		if (!text.includes('does not count as your return')) fail('the page does not say the file does not count');
	});

	let downloaded;
	await step('the LA officer sees Submitted and downloads the good file', async () => {
		await switchTo(officer);
		await page.goto(`${base}${requestPath}`);
		const row = page.locator('tr', { hasText: 'Demo Primary School' });
		if (!(await row.innerText()).includes('Submitted')) fail(`the school's row: ${await row.innerText()}`);
		await Promise.all([page.waitForNavigation(), row.getByRole('link', { name: '8881234_KS2_888LLLL_001.xml' }).click()]);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Download the file' }).click(),
		]);
		downloaded = await download.path();
		if (!fs.readFileSync(downloaded).equals(fs.readFileSync(GOOD))) fail('the downloaded file is not the one sent');
	});

	await step('the school sees its return Received', async () => {
		await switchTo(admin);
		await page.goto(`${base}/schools/8881234/requests`);
		const row = page.locator('tr', { hasText: REQUEST });
		if (!(await row.innerText()).includes('Received')) fail(`the request's row: ${await row.innerText()}`);
	});

	await step('no script errors', async () => {
		if (jsErrors.length) fail(jsErrors.join('; '));
	});
}

await runMain(main);
