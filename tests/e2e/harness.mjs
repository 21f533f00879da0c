// tests/e2e/harness.mjs: what the feature browser tests (grid, pupils, pupils_grid,
// reports) share: numbered steps that print "ok - ..." / "not ok - ...", the
// command-line runs, a fresh database with the demo data (SQLite, or with
// PT_DB=pg a new database on the throwaway PostgreSQL cluster ctest starts), the
// server on a free port (stopped in every case), Chromium, and the two-step
// sign-in. Environment: PUPILTRACK (required), PT_TEST_TMP, PT_DB (sqlite or pg),
// PT_PG_URL_FILE (pg), PT_CHROMIUM (default /usr/bin/chromium), PT_E2E_HEADED=1
// to watch.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const { chromium } = await import('playwright-core');

export const CHROMIUM = process.env.PT_CHROMIUM || '/usr/bin/chromium';
export const STEP_MS = 20_000;
export const bin = process.env.PUPILTRACK;
export const tmpRoot = process.env.PT_TEST_TMP || os.tmpdir();

let server = null;
let serverLog = '';
let browser = null;
let passed = 0;
let failed = 0;

export function fail(msg) {
	const e = new Error(msg);
	e.expected = true;
	throw e;
}

export async function step(name, fn) {
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

export function run(args, what) {
	const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000, env: process.env });
	if (r.error) fail(`${what}: ${r.error.message}`);
	if (r.status !== 0) fail(`${what} exited with ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
	return r.stdout + r.stderr;
}

// A user's password and security code from demo-data's table of sign-ins.
export function demoLogin(out, username) {
	const lines = out.split('\n');
	const header = lines.find((l) => /\bUSERNAME\b/.test(l) && /\bPASSWORD\b/.test(l));
	const line = lines.find((l) => l.split(/\s+/).includes(username));
	if (!header || !line) fail(`demo-data printed no line for ${username}`);
	const names = header.trim().split(/\s+/);
	const tokens = line.trim().split(/\s+/);
	return { username, password: tokens[names.indexOf('PASSWORD')], code: tokens[names.indexOf('CODE')] };
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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base) {
	const until = Date.now() + 30_000;
	while (Date.now() < until) {
		if (server.exitCode !== null || server.signalCode !== null) fail(`the server exited:\n${serverLog}`);
		try {
			const r = await fetch(`${base}/healthz`);
			if (r.status === 200) return;
		} catch (e) {
			// not up yet
		}
		await sleep(200);
	}
	fail(`the server did not answer within 30 s:\n${serverLog}`);
}

function stopServer() {
	if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const t = setTimeout(() => server.kill('SIGKILL'), 10_000);
		server.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		server.kill('SIGTERM');
	});
}

process.on('exit', () => {
	if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

// Signs in through both steps: password, then the security-code digits asked for.
export async function signIn(page, base, who) {
	await page.goto(`${base}/sign-in`);
	await page.locator('input[name="username"]').fill(who.username);
	await page.locator('input[name="password"]').fill(who.password);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
	for (const label of await page.locator('main form label').all()) {
		const m = (await label.innerText()).match(/^Digit (\d)$/);
		if (m) await page.locator(`#${await label.getAttribute('for')}`).fill(who.code[Number(m[1]) - 1]);
	}
	if ((await page.getByRole('button', { name: /continue/i }).count()) > 0)
		await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /continue/i }).click()]);
	if (new URL(page.url()).pathname !== '/') fail(`not signed in: at ${page.url()}`);
}

// The URL of a new, empty database for this run: a SQLite file in work, or
// (PT_DB=pg) a database created on the test cluster, whose key file then lives
// in work (PUPILTRACK_KEY_FILE, seen by every pupiltrack this process starts).
function freshDatabase(name, work) {
	if ((process.env.PT_DB || 'sqlite') === 'sqlite') return `sqlite:${path.join(work, `${name}.db`)}`;
	if (process.env.PT_DB !== 'pg') fail(`PT_DB must be sqlite or pg, not ${process.env.PT_DB}`);
	const file = process.env.PT_PG_URL_FILE;
	if (!file) fail('PT_PG_URL_FILE is not set (run the @pg tests through ctest)');
	const admin = fs.readFileSync(file, 'utf8').trim();
	const m = admin.match(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/);
	if (!m) fail(`cannot parse the admin URL ${admin}`);
	const db = `pt_e2e_${name}_${process.pid}`.replace(/[^a-z0-9_]/g, '_');
	const r = spawnSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${db}`], {
		encoding: 'utf8', timeout: 60_000,
	});
	if (r.status !== 0) fail(`CREATE DATABASE ${db}: ${r.error ? r.error.message : r.stderr}`);
	process.env.PUPILTRACK_KEY_FILE = path.join(work, 'pupiltrack.key');
	return `${m[1]}/${db}${m[3] || ''}`;
}

// A fresh folder and database with the demo data, the server on it and a
// browser page: { work, db, base, teacher, demo, context, page, jsErrors } (demo:
// what demo-data printed, for demoLogin of the other demo users).
export async function setUp(name) {
	if (!bin) fail('PUPILTRACK is not set');
	fs.mkdirSync(tmpRoot, { recursive: true });
	const work = fs.mkdtempSync(path.join(tmpRoot, `e2e-${name}-`));
	let db, teacher, demo;
	await step('demo data loads', async () => {
		db = freshDatabase(name, work);
		run(['db', 'migrate', '--db', db], 'db migrate');
		demo = run(['demo-data', '--db', db], 'demo-data');
		teacher = demoLogin(demo, 'teacher.demo');
	});
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	await step('the server starts', async () => {
		server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--outbox', path.join(work, 'outbox')], {
			cwd: work, env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
		});
		server.stdout.on('data', (d) => (serverLog += d));
		server.stderr.on('data', (d) => (serverLog += d));
		await waitHealthy(base);
	});
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: process.env.PT_E2E_HEADED !== '1',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
	});
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	const jsErrors = [];
	page.on('pageerror', (e) => jsErrors.push(e.message));
	return { work, db, base, teacher, demo, context, page, jsErrors };
}

// Runs main, then closes the browser and stops the server whatever happened,
// prints the summary and exits 1 when a step failed.
export async function runMain(main) {
	try {
		await main();
	} catch (e) {
		if (!e.expected) console.log(`not ok - ${e.stack || e}`);
		if (serverLog && failed) console.log(serverLog.split('\n').slice(-30).join('\n'));
	} finally {
		if (browser) await browser.close().catch(() => {});
		await stopServer();
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
