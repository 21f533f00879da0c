// tests/e2e/run.mjs: pupiltrack's browser test. Starts the real server on a fresh
// SQLite database with the demo data, drives Debian's Chromium through playwright-core
// as the demo teacher and the demo school admin would (sign in, check the navigation
// their role gets, sign out), then the whole sign-in journey step by step (password,
// two digits of the security code, wrong digits refused), the session expiry warning
// on playwright's fake clock (55 minutes: the dialog, "Stay signed in", Escape, the
// redirect at 60 minutes) and "Forgot your password?" through the outbox folder,
// and stops the server in every case. Run by CTest as e2e/browser; by hand:
//   PUPILTRACK=build/pupiltrack node tests/e2e/run.mjs
// Environment: PUPILTRACK (the binary, required), PT_TEST_TMP (scratch, default the
// system's), PT_BINARY_DIR (where e2e/home.png goes, default the scratch folder),
// PT_CHROMIUM (default /usr/bin/chromium), PT_E2E_HEADED=1 to watch. Exits 0 when every step passed, 1 otherwise.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

let chromium;
try {
	({ chromium } = await import('playwright-core'));
} catch (e) {
	console.log(`not ok - playwright-core cannot be loaded (${e.code || e.message}): run scripts/install-deps --test, which runs npm ci in tests/e2e`);
	console.log('0 passed, 1 failed');
	process.exit(1);
}

const TEACHER = 'teacher.demo';
const ADMIN = 'school.admin';
const OFFICER = 'la.officer'; // resets a forgotten password through the outbox
// The main navigation, and the part of it a teacher may use (core/access.c: a
// teacher neither submits results nor maintains the school).
const NAV = ['Home', 'Assessments', 'Pupils', 'Submissions', 'Reports', 'Maintenance'];
const TEACHER_NAV = ['Home', 'Assessments', 'Pupils', 'Reports'];
const CHROMIUM = process.env.PT_CHROMIUM || '/usr/bin/chromium';
const OVERALL_MS = 180_000; // under CTest's 300 s, so we always clean up ourselves
const STEP_MS = 20_000;

const bin = process.env.PUPILTRACK;
const tmpRoot = process.env.PT_TEST_TMP || os.tmpdir();
const outDir = path.join(process.env.PT_BINARY_DIR || tmpRoot, 'e2e');

let server = null; // the child process
let serverLog = ''; // what it printed, shown on failure
let browser = null;
let work = null; // this run's scratch folder, removed when every step passed
let passed = 0;
let failed = 0;

function fail(msg) {
	const e = new Error(msg);
	e.expected = true;
	throw e;
}

// One named step: prints "ok - name" or "not ok - name: why". A failed step stops
// the run: each one needs the one before.
async function step(name, fn) {
	try {
		const r = await fn();
		passed++;
		console.log(`ok - ${name}`);
		return r;
	} catch (e) {
		failed++;
		console.log(`not ok - ${name}: ${e.expected ? e.message : e.stack || e}`);
		throw e;
	}
}

function run(args, what) {
	const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000, env: process.env });
	if (r.error) fail(`${what}: ${r.error.message}`);
	if (r.status !== 0)
		fail(`${what} exited with ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
	return r.stdout + r.stderr;
}

// demo-data prints a table of the demo sign-ins under a header line:
//   USERNAME        PASSWORD                CODE   ROLE          SCOPE
//   teacher.demo    ...                     12345  teacher       Demo Primary School (8881234)
// The teacher's password, security code and school come from its columns (by the
// header's positions, since SCOPE holds spaces); a "password: X" line works too.
function parseDemo(out, username) {
	const lines = out.split('\n');
	const line = lines.find((l) => l.split(/\s+/).includes(username));
	if (!line) fail(`demo-data did not print a line with ${username}:\n${out}`);
	const header = lines.find((l) => /\bUSERNAME\b/.test(l) && /\bPASSWORD\b/.test(l));
	const r = { username, password: null, code: null, school: null };
	if (header) {
		const names = header.trim().split(/\s+/);
		const tokens = line.trim().split(/\s+/);
		r.password = tokens[names.indexOf('PASSWORD')];
		if (names.includes('CODE')) r.code = tokens[names.indexOf('CODE')];
		const at = header.indexOf('SCOPE');
		if (at >= 0) r.school = line.slice(at).replace(/\s*\(\d+\)\s*$/, '').trim() || null;
	} else {
		const kv = line.match(/password\s*[:=]\s*(\S+)/i);
		if (kv) r.password = kv[1];
	}
	if (!r.password || r.password === username) fail(`no password in demo-data's line: ${line}`);
	return r;
}

// A later sign-in step may ask for some digits of the security code ("Digit 2").
// Fills every such input from the demo code; returns false when there are none.
async function securityDigits(page, code) {
	const inputs = page.locator('form input:not([type="hidden"])');
	const n = await inputs.count();
	let filled = 0;
	for (let i = 0; i < n; i++) {
		const input = inputs.nth(i);
		const id = await input.getAttribute('id');
		const label = id ? await page.locator(`label[for="${id}"]`).innerText().catch(() => '') : '';
		const name = (await input.getAttribute('name')) || '';
		const m = `${label} ${name}`.match(/(?:digit|character)\D{0,3}(\d)|(\d)(?:st|nd|rd|th)?\s+(?:digit|character)/i);
		if (!m) continue;
		const pos = Number(m[1] || m[2]);
		if (!code || pos < 1 || pos > code.length) fail(`asked for digit ${pos} of the security code: ${code}`);
		await input.fill(code[pos - 1]);
		filled++;
	}
	return filled > 0;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base) {
	const until = Date.now() + 30_000;
	let last = 'no answer';
	while (Date.now() < until) {
		if (server.exitCode !== null || server.signalCode !== null)
			fail(`the server exited (${server.exitCode ?? server.signalCode}) before answering:\n${serverLog}`);
		try {
			const r = await fetch(`${base}/healthz`, { redirect: 'manual' });
			if (r.status === 200) return;
			last = `HTTP ${r.status}`;
		} catch (e) {
			last = e.cause?.code || e.message;
		}
		await sleep(200);
	}
	fail(`GET /healthz did not answer 200 within 30 s (last: ${last}):\n${serverLog}`);
}

// SIGTERM, then SIGKILL after a grace period. Resolves with how it ended.
function stopServer(graceMs = 10_000) {
	if (!server || server.exitCode !== null || server.signalCode !== null)
		return Promise.resolve(server ? { code: server.exitCode, signal: server.signalCode } : null);
	return new Promise((resolve) => {
		const t = setTimeout(() => server.kill('SIGKILL'), graceMs);
		server.once('exit', (code, signal) => {
			clearTimeout(t);
			resolve({ code, signal });
		});
		server.kill('SIGTERM');
	});
}

// Last resort, synchronous: whatever happens, no server outlives this process.
process.on('exit', () => {
	if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		console.log(`e2e: stopped by ${sig}`);
		process.exit(1);
	});
}

// ---- issue 3b: the whole sign-in journey as a person sees it, and the session
// expiry warning on a fake clock (playwright's page.clock, installed before the
// first page loads; the server's clock is real, so the server session is fresh).

const title = (page) => page.locator('h1').first().innerText();

async function passwordStep(page, base, who, password) {
	if ((await page.locator('form input[name="password"]').count()) !== 1) await page.goto(`${base}/sign-in`);
	await page.locator('input[name="username"]').fill(who.username);
	await page.locator('input[name="password"]').fill(password);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

// The digit inputs of the security-code step, as [input, position] pairs.
async function digitInputs(page) {
	const out = [];
	for (const label of await page.locator('main form label').all()) {
		const m = (await label.innerText()).match(/^Digit (\d)$/);
		if (!m) continue;
		out.push([page.locator(`#${await label.getAttribute('for')}`), Number(m[1])]);
	}
	return out;
}

async function continueStep(page) {
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /continue/i }).click()]);
}

async function journeyAndExpiry(browser, base, who, watchErrors) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	watchErrors(page);
	await page.clock.install();

	await step('the sign-in page offers "Forgot your password?"', async () => {
		await page.goto(`${base}/`);
		if ((await page.getByRole('link', { name: 'Forgot your password?' }).count()) !== 1)
			fail(`no "Forgot your password?" link at ${page.url()}`);
	});
	await step(`${who.username}: the password, then two digits of the security code`, async () => {
		await passwordStep(page, base, who, who.password);
		if ((await title(page)) !== 'Security code') fail(`after the password the page is "${await title(page)}"`);
		const digits = await digitInputs(page);
		if (digits.length !== 2) fail(`${digits.length} digit boxes, not 2`);
		if (digits[0][1] === digits[1][1]) fail(`the same digit asked twice: ${digits[0][1]}`);
		if ((await page.locator('main input[name="password"]').count()) !== 0) fail('the password is asked again');
	});
	await step('wrong digits are refused with one message, back at the start', async () => {
		for (const [input, pos] of await digitInputs(page))
			await input.fill(String((Number(who.code[pos - 1]) + 1) % 10));
		const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /continue/i }).click()]);
		if (!resp || resp.status() !== 422) fail(`the refused sign-in answered ${resp && resp.status()}, not 422`);
		const alert = (await page.getByRole('alert').allTextContents()).join(' ');
		if (!/sign-in details are not right/.test(alert)) fail(`no refusal message; the page says: ${alert}`);
		if ((await page.locator('input[name="password"]').count()) !== 1) fail('not back at the password form');
	});
	await step('the right password and digits sign in', async () => {
		await passwordStep(page, base, who, who.password);
		const digits = await digitInputs(page);
		if (digits.length !== 2) fail(`${digits.length} digit boxes, not 2`);
		for (const [input, pos] of digits) await input.fill(who.code[pos - 1]);
		await continueStep(page);
		if (new URL(page.url()).pathname !== '/') fail(`signed in at ${page.url()}, not the home page`);
		if ((await page.getByRole('button', { name: /sign out/i }).count()) !== 1) fail('no "Sign out" button');
		const left = Number(await page.locator('body').getAttribute('data-session-seconds'));
		if (!(left > 3500 && left <= 3600)) fail(`the page says the session has ${left} s left, not 3600`);
	});

	const dialog = page.getByRole('alertdialog');
	await step('at 55 minutes idle: "Your session will expire in 5 minutes"', async () => {
		if ((await dialog.count()) !== 0) fail('the warning shows too early');
		await page.clock.fastForward('54:00');
		if ((await dialog.count()) !== 0) fail('the warning shows at 54 minutes');
		await page.clock.fastForward('01:00');
		await dialog.waitFor();
		const text = await dialog.innerText();
		if (!text.includes('Your session will expire in 5 minutes')) fail(`the dialog says: ${text}`);
		if (await dialog.getAttribute('aria-modal') !== 'true') fail('the dialog is not modal');
		const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
		if (focused !== 'Stay signed in') fail(`focus is on "${focused}", not "Stay signed in"`);
		if ((await dialog.getByRole('button', { name: 'Sign out' }).count()) !== 1) fail('no "Sign out" button');
	});
	await step('"Stay signed in" extends the session on the server and closes the warning', async () => {
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/session/extend') && r.request().method() === 'POST'),
			dialog.getByRole('button', { name: 'Stay signed in' }).click(),
		]);
		if (resp.status() !== 200) fail(`POST /session/extend answered ${resp.status()}`);
		if (!resp.request().headers()['x-csrf-token']) fail('POST /session/extend carried no CSRF token');
		const body = await resp.json();
		if (!(body.seconds_left > 3500)) fail(`the server gave ${JSON.stringify(body)}`);
		await dialog.waitFor({ state: 'detached' });
		if (new URL(page.url()).pathname !== '/') fail(`the page moved to ${page.url()}`);
	});
	await step('Escape also means "stay signed in"', async () => {
		await page.clock.fastForward('55:00');
		await dialog.waitFor();
		const [resp] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/session/extend')),
			page.keyboard.press('Escape'),
		]);
		if (resp.status() !== 200) fail(`POST /session/extend answered ${resp.status()}`);
		await dialog.waitFor({ state: 'detached' });
	});
	await step('"Stay signed in" in another tab closes this tab\'s warning too', async () => {
		const other = await context.newPage();
		watchErrors(other);
		await other.goto(`${base}/`);
		await page.clock.fastForward('55:00');
		await dialog.waitFor();
		const otherDialog = other.getByRole('alertdialog');
		await otherDialog.waitFor();
		await Promise.all([
			other.waitForResponse((r) => r.url().endsWith('/session/extend')),
			otherDialog.getByRole('button', { name: 'Stay signed in' }).click(),
		]);
		await otherDialog.waitFor({ state: 'detached' });
		await dialog.waitFor({ state: 'detached' });
		await other.close();
	});
	await step('at 60 minutes idle the page goes to the sign-in page and says why', async () => {
		await page.clock.fastForward('55:00');
		await dialog.waitFor();
		await Promise.all([page.waitForURL(/\/sign-in\?reason=expired$/), page.clock.fastForward('05:00')]);
		const text = await page.locator('main').innerText();
		if (!/had not used pupiltrack for 60 minutes/.test(text)) fail(`the sign-in page says: ${text}`);
	});
	await context.close();
}

// The newest .eml file of the outbox, waited for.
async function outboxMail(dir, since) {
	const until = Date.now() + 10_000;
	while (Date.now() < until) {
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
		const fresh = files.map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).mtimeMs >= since);
		if (fresh.length === 1) return fs.readFileSync(fresh[0], 'utf8');
		if (fresh.length > 1) fail(`${fresh.length} new mails in the outbox, not 1`);
		await sleep(100);
	}
	fail(`no mail arrived in ${dir}`);
}

async function forgotThroughOutbox(browser, base, who, outbox, watchErrors) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	watchErrors(page);
	const newPassword = 'quiet harbour lantern meadow';
	let link;
	await step(`${who.username} forgot the password: the link comes by mail`, async () => {
		const since = Date.now() - 1000;
		await page.goto(`${base}/sign-in`);
		await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
		await page.getByLabel('Username or e-mail address').fill(who.username);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send the link' }).click()]);
		if ((await title(page)) !== 'Check your e-mail') fail(`the page is "${await title(page)}"`);
		const mail = await outboxMail(outbox, since);
		if (!mail.includes(`To: <${who.username}@example.org>`)) fail(`the mail is not for ${who.username}:\n${mail}`);
		const m = mail.match(/(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9]+)/);
		if (!m || !m[1].startsWith(base)) fail(`no link to ${base} in the mail:\n${mail}`);
		link = m[1];
	});
	await step('the link lets them choose a new password, once', async () => {
		await page.goto(link);
		await page.getByLabel('New password', { exact: true }).fill(newPassword);
		await page.getByLabel('New password again').fill(newPassword);
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save my new password' }).click()]);
		if ((await title(page)) !== 'Your password has been changed') fail(`the page is "${await title(page)}"`);
		// Outside the page, so the expected 404 is not taken for a failed load.
		const again = await page.context().request.get(link);
		if (again.status() !== 404) fail(`the used link answered ${again.status()}`);
	});
	await step(`${who.username} signs in with the new password and the security code`, async () => {
		await page.goto(`${base}/sign-in`);
		await passwordStep(page, base, who, newPassword);
		const digits = await digitInputs(page);
		if (digits.length !== 2) fail(`${digits.length} digit boxes, not 2`);
		for (const [input, pos] of digits) await input.fill(who.code[pos - 1]);
		await continueStep(page);
		if (new URL(page.url()).pathname !== '/') fail(`signed in at ${page.url()}, not the home page`);
	});
	await context.close();
}

async function main() {
	if (!bin) fail('PUPILTRACK is not set: give the path of the built pupiltrack binary');
	if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: run scripts/install-deps --test`);
	fs.mkdirSync(tmpRoot, { recursive: true });
	fs.mkdirSync(outDir, { recursive: true });
	work = fs.mkdtempSync(path.join(tmpRoot, 'e2e-'));
	const db = `sqlite:${path.join(work, 'e2e.db')}`;

	let teacher, admin, officer;
	await step('demo data loads into a fresh database', async () => {
		run(['db', 'migrate', '--db', db], 'pupiltrack db migrate');
		const out = run(['demo-data', '--db', db], 'pupiltrack demo-data');
		teacher = parseDemo(out, TEACHER);
		admin = parseDemo(out, ADMIN);
		officer = parseDemo(out, OFFICER);
	});
	const outbox = path.join(work, 'outbox');

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	await step(`server answers /healthz on ${base}`, async () => {
		server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--outbox', outbox], {
			cwd: work,
			env: process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		server.on('error', (e) => (serverLog += `spawn error: ${e.message}\n`));
		server.stdout.on('data', (d) => (serverLog += d));
		server.stderr.on('data', (d) => (serverLog += d));
		await waitHealthy(base);
	});

	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: process.env.PT_E2E_HEADED !== '1',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-dev-shm-usage'],
	});
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	const jsErrors = [];
	function watchErrors(page) {
		page.on('pageerror', (e) => jsErrors.push(`${page.url()}: ${e.message}`));
		page.on('console', (m) => {
			// a failed load is reported below with its address
			if (m.type() === 'error' && !/^Failed to load resource/.test(m.text()))
				jsErrors.push(`${page.url()}: console: ${m.text()}`);
		});
		page.on('response', (r) => {
			// a refused form shown again (422) is an answer, not a failed load: the steps check it
			const refusedForm = r.status() === 422 && r.request().method() === 'POST' &&
				r.request().resourceType() === 'document';
			if (r.status() >= 400 && !refusedForm) jsErrors.push(`${page.url()}: ${r.request().method()} ${r.url()} answered ${r.status()}`);
		});
		page.on('requestfailed', (r) => jsErrors.push(`${page.url()}: ${r.url()} failed: ${r.failure()?.errorText}`));
	}
	watchErrors(page);
	const signInForm = () => page.locator('form:has(input[name="password"])');

	await step('the home page sends a stranger to the sign-in form', async () => {
		const r = await page.goto(`${base}/`);
		if (!r || r.status() >= 400) fail(`GET / answered ${r && r.status()}`);
		const form = signInForm();
		if ((await form.count()) !== 1) fail(`no sign-in form at ${page.url()}`);
		for (const sel of ['input[name="username"]', 'input[name="password"]', 'input[name="csrf"]'])
			if ((await form.locator(sel).count()) !== 1) fail(`the sign-in form has no ${sel}`);
	});

	async function signIn(who) {
		await step(`${who.username} signs in`, async () => {
			if ((await signInForm().count()) !== 1) await page.goto(`${base}/`);
			const form = signInForm();
			await form.locator('input[name="username"]').fill(who.username);
			await form.locator('input[name="password"]').fill(who.password);
			await Promise.all([
				page.waitForNavigation(),
				form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click(),
			]);
			if (await securityDigits(page, who.code)) {
				await Promise.all([
					page.waitForNavigation(),
					page.locator('main form button[type="submit"], main form button:not([type])').first().click(),
				]);
			}
			if ((await page.locator('input[name="password"]').count()) > 0) {
				const msg = await page.locator('[role="alert"], .error, .problems').allTextContents();
				fail(`still on a password form at ${page.url()}: ${msg.join(' ').trim() || '(no message)'}`);
			}
		});
	}

	async function checkNav(who, expected) {
		const hidden = NAV.filter((n) => !expected.includes(n));
		await step(`${who.username} sees ${expected.join(', ')}${hidden.length ? ` (not ${hidden.join(', ')})` : ''}`, async () => {
			const nav = page.getByRole('navigation').first();
			await nav.waitFor();
			const links = (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
			const missing = expected.filter((n) => !links.includes(n));
			const extra = hidden.filter((n) => links.includes(n));
			if (missing.length || extra.length)
				fail(`${missing.length ? `missing ${missing.join(', ')}; ` : ''}${extra.length ? `should not show ${extra.join(', ')}; ` : ''}the navigation has: ${links.join(' | ')}`);
		});
	}

	async function signOut(who) {
		await step(`${who.username} signs out and is back at the sign-in form`, async () => {
			const out = page
				.getByRole('button', { name: /sign out/i })
				.or(page.getByRole('link', { name: /sign out/i }))
				.first();
			await Promise.all([page.waitForNavigation(), out.click()]);
			if ((await signInForm().count()) !== 1)
				fail(`no sign-in form after signing out, at ${page.url()}`);
			const r = await page.goto(`${base}/`);
			if ((await signInForm().count()) !== 1)
				fail(`after signing out, / (HTTP ${r && r.status()}) still shows a signed-in page`);
		});
	}

	await signIn(teacher);
	await checkNav(teacher, TEACHER_NAV);
	await step(`the school's name shows${teacher.school ? ` (${teacher.school})` : ''}`, async () => {
		const text = await page.locator('body').innerText();
		if (teacher.school) {
			if (!text.includes(teacher.school)) fail(`"${teacher.school}" is not on the page`);
		} else if (!/school|academy|primary|infant|junior/i.test(text)) {
			fail('no school name on the page');
		}
	});
	await step('a screenshot of the home page is saved', async () => {
		const file = path.join(outDir, 'home.png');
		await page.screenshot({ path: file, fullPage: true });
		if (fs.statSync(file).size < 1000) fail(`${file} is suspiciously small`);
		console.log(`# screenshot: ${file}`);
	});
	await signOut(teacher);

	await signIn(admin);
	await checkNav(admin, NAV);
	await signOut(admin);

	await journeyAndExpiry(browser, base, teacher, watchErrors);
	await forgotThroughOutbox(browser, base, officer, outbox, watchErrors);

	await step('no JavaScript errors or failed loads in the browser', async () => {
		if (jsErrors.length) fail(jsErrors.join('\n'));
	});

	await browser.close();
	browser = null;

	await step('the server stops cleanly on SIGTERM', async () => {
		const how = await stopServer();
		if (how.code !== 0 && how.signal !== 'SIGTERM')
			fail(`it ended with ${how.code ?? how.signal}:\n${serverLog}`);
	});
}

const watchdog = setTimeout(() => {
	console.log(`not ok - the whole run took longer than ${OVERALL_MS / 1000} s`);
	failed++;
	finish(1);
}, OVERALL_MS);

let finishing = false;
async function finish(code) {
	if (finishing) return;
	finishing = true;
	clearTimeout(watchdog);
	if (browser) await browser.close().catch(() => {});
	await stopServer(3000);
	if (work && !failed && !code) fs.rmSync(work, { recursive: true, force: true });
	else if (work) console.log(`# kept for a look: ${work}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(code || failed ? 1 : 0);
}

main().then(
	() => finish(0),
	(e) => {
		if (!failed) {
			// an error outside any step (launching the browser, say)
			failed++;
			console.log(`not ok - ${e.expected ? e.message : e.stack || e}`);
		}
		if (serverLog && !/server answers/.test(String(e.message))) {
			console.log('# server output:');
			console.log(serverLog.replace(/^/gm, '#   '));
		}
		finish(1);
	},
);
