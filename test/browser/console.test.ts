import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, testApp, type TestApp } from '../helpers/app.js';
import { CONSOLE_DIR } from '../../src/http/console/index.js';

/**
 * The owner's console in a real browser (issue 20): Debian's Chromium driven by playwright-core
 * against a server on a fresh database. Without Chromium the suite is skipped with the command
 * that installs it; `.ci/run` installs it and fails on any skipped browser test.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const SHOTS = path.resolve('test-results');
const admin = { authorization: 'Bearer test-api-token-a' };

let t: TestApp;
let browser: Browser;
let base: string;

async function newPage(width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('نام کاربری').fill(username);
  await page.getByLabel('رمز عبور').fill(password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await page.getByRole('navigation').waitFor();
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  // The culprit: the first element reaching past the left edge (RTL) or the right one.
  const culprit = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    // Inside a scrolling table frame is fine: that frame scrolls, not the page.
    const el = [...document.querySelectorAll('body *')].find((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.left < -1 || r.right > w + 1) && !e.closest('.table-wrap');
    });
    return el ? `${el.tagName.toLowerCase()}.${el.className} «${(el.textContent ?? '').slice(0, 40)}»` : '';
  });
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px: ${culprit}`);
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-${page.viewportSize()?.width}.png`), fullPage: true });
}

describe('[browser] the owner\'s console', { skip: haveChromium ? false : `Chromium not found at ${CHROMIUM}: apt-get install -y chromium` }, () => {
  before(async () => {
    if (!fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { stdio: 'inherit' });
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const clerk = await call(t.app, 'POST', '/daftar/v1/users', { username: 'sara', password: 'sara-password-1', name: 'سارا', role: 'clerk' }, admin);
    assert.equal(clerk.status, 201, JSON.stringify(clerk.body));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves a right-to-left Persian page at / (redirect to /app/), offline: every file from this server', async () => {
    const { page, errors } = await newPage();
    const foreign: string[] = [];
    page.on('request', (r) => !r.url().startsWith(base) && foreign.push(r.url()));
    const res = await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/app/');
    assert.equal(res?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'fa');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.getByLabel('نام کاربری').waitFor();
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('16px Vazirmatn', 'سلام');
    });
    assert.ok(font, 'Vazirmatn is loaded from the server');
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  });

  it('a wrong password shows the server\'s message on the form; nothing else happens', async () => {
    const { page } = await newPage();
    await page.goto(`${base}/app/`);
    await page.getByLabel('نام کاربری').fill('admin');
    await page.getByLabel('رمز عبور').fill('not-the-password');
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /[\u0600-\u06FF]/);
    assert.equal(await page.getByRole('navigation').count(), 0);
  });

  it('the owner logs in, adds a product with a barcode and a customer; both survive a reload; no sideways scroll at 390 px', async () => {
    const { page, errors } = await newPage();
    await login(page, 'admin', 'admin-password-1');
    await page.getByRole('region', { name: 'فروش امروز' }).waitFor();
    await page.getByRole('region', { name: 'بدهکاران' }).waitFor();
    await shot(page, 'dashboard');

    await page.getByRole('link', { name: 'کالاها' }).click();
    await page.getByRole('button', { name: 'کالای جدید' }).click();
    await page.getByLabel('نام', { exact: true }).fill('چای سبز');
    await page.getByLabel('کد', { exact: true }).fill('۱۰۰۱');
    await page.getByLabel('بارکد').fill('6260100012345');
    await page.getByLabel('قیمت فروش').fill('۱۲۵۰۰۰۰');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('cell', { name: 'چای سبز' }).waitFor();
    assert.ok(await page.getByRole('cell', { name: '۱٬۲۵۰٬۰۰۰ ریال' }).isVisible(), 'price in Persian digits with separators');
    await shot(page, 'products');

    // The server's refusal lands next to the field it names, and what was typed stays.
    await page.getByRole('button', { name: 'کالای جدید' }).click();
    await page.getByLabel('نام', { exact: true }).fill('چای تکراری');
    await page.getByLabel('بارکد').fill('6260100012345');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('نام', { exact: true }).inputValue(), 'چای تکراری');
    assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 409 (Conflict)'], 'the refusal, and nothing else');
    await page.keyboard.press('Escape');

    await page.getByLabel('جستجو').fill('6260100012345');
    await page.getByRole('cell', { name: 'چای سبز' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'چای تکراری' }).count(), 0);

    await page.getByRole('link', { name: 'اشخاص' }).click();
    await page.getByRole('button', { name: 'شخص جدید' }).click();
    await page.getByLabel('نام', { exact: true }).fill('علی رضایی');
    await page.getByLabel('موبایل').fill('۰۹۱۲۱۲۳۴۵۶۷');
    await page.getByLabel('نقش').selectOption({ label: 'مشتری' });
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('cell', { name: 'علی رضایی' }).waitFor();

    await page.reload();
    await page.getByRole('cell', { name: 'علی رضایی' }).waitFor();
    const api = await call(t.app, 'GET', '/daftar/v1/products?q=6260100012345', undefined, admin);
    assert.deepEqual(api.body.items.map((p: { name: string; sellPrice: string }) => [p.name, p.sellPrice]), [['چای سبز', '1250000']]);

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const link of ['داشبورد', 'کالاها', 'اشخاص', 'فاکتورها', 'دریافت و پرداخت', 'گزارش‌ها', 'تنظیمات']) {
        await page.getByRole('link', { name: link }).click();
        await page.waitForLoadState('networkidle');
        await noSidewaysScroll(page);
        await shot(page, `page-${link}`);
      }
    }
    assert.deepEqual(errors, []);
  });

  it("a shop's first day: a purchase of 20, a sale by keyboard alone with live totals, a partial cash receipt, the print view and the reports", async () => {
    const { page, errors } = await newPage();
    await login(page, 'admin', 'admin-password-1');
    // A supplier first (the customer «علی رضایی» and the product exist from the test above).
    await page.getByRole('link', { name: 'اشخاص' }).click();
    await page.getByRole('button', { name: 'شخص جدید' }).click();
    await page.getByLabel('نام', { exact: true }).fill('پخش البرز');
    await page.getByLabel('نقش').selectOption({ label: 'تأمین‌کننده' });
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('cell', { name: 'پخش البرز' }).waitFor();

    await page.getByRole('link', { name: 'فاکتورها' }).click();
    await page.getByRole('button', { name: 'فاکتور خرید جدید' }).click();
    await page.getByLabel('طرف حساب').fill('پخش البرز');
    // The Jalali calendar opens beside «تاریخ» and closes with Esc, leaving today's date.
    const today = await page.getByLabel('تاریخ').inputValue();
    assert.match(today, /^14\d\d\/\d\d\/\d\d$/);
    await page.getByRole('button', { name: 'تقویم' }).click();
    await page.locator('.rmdp-calendar').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.rmdp-calendar').count(), 0);
    assert.equal(await page.getByLabel('تاریخ').inputValue(), today);
    await page.getByLabel('بارکد یا کالا').fill('6260100012345');
    await page.getByLabel('بارکد یا کالا').press('Enter');
    await page.getByLabel('تعداد').fill('20');
    await page.getByLabel('فی').fill('900000');
    await page.getByRole('status', { name: 'جمع کل' }).filter({ hasText: '۱۹٬۸۰۰٬۰۰۰' }).waitFor();
    await page.getByRole('button', { name: 'ثبت فاکتور' }).click();
    await page.getByRole('button', { name: 'چاپ' }).waitFor();

    // The sale, by keyboard only.
    await page.getByRole('link', { name: 'فاکتورها' }).click();
    await page.getByRole('button', { name: 'فاکتور فروش جدید' }).click();
    await page.getByLabel('طرف حساب').focus();
    await page.keyboard.type('علی رضایی');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-scan');
    await page.keyboard.type('6260100012345');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') === 'تعداد');
    await page.keyboard.type('3');
    const payable = page.getByRole('status', { name: 'جمع کل' });
    // The live total follows the typed quantity: 3 × 1,250,000 + 10 % VAT (a preview for the
    // first quantity, 1, may show for a moment — waiting for any figure raced with it).
    await payable.filter({ hasText: '۴٬۱۲۵٬۰۰۰' }).waitFor();
    const shown = await payable.innerText();
    await shot(page, 'invoice-entry');
    await page.keyboard.press('Control+s');
    await page.getByRole('button', { name: 'چاپ' }).waitFor();
    await shot(page, 'invoice');
    const sale = await call(t.app, 'GET', '/daftar/v1/invoices?limit=10', undefined, admin);
    const saved = sale.body.items.find((i: { type: string }) => i.type === 'sale');
    assert.equal(saved.lines[0].quantity, '3');
    assert.equal(saved.lines[0].unitPrice, '1250000');
    assert.equal(shown.replace(/[٬]/g, '').replace(/[۰-۹]/g, (d: string) => String(d.charCodeAt(0) - 0x06f0)), saved.total, 'the live total is the saved payable');

    await page.getByRole('button', { name: 'چاپ' }).click();
    const printed = page.getByRole('article', { name: 'نسخه چاپی فاکتور' });
    await printed.waitFor();
    assert.match(await printed.innerText(), /کسب‌وکار آزمایشی[\s\S]*ریال/);
    assert.match(await printed.innerText(), /به حروف: .*میلیون/);
    // The PDF button downloads the server's PDF with the session (issue 24).
    const pdfLink = page.getByRole('link', { name: 'دریافت PDF' });
    const href = await pdfLink.getAttribute('href');
    assert.match(href ?? '', /\/print\?format=a4&output=pdf$/);
    const pdf = await page.request.get(new URL(href!, page.url()).toString());
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await shot(page, 'print');
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await shot(page, 'print');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A partial cash receipt.
    await page.getByRole('link', { name: 'دریافت و پرداخت' }).click();
    await page.getByRole('button', { name: 'دریافت جدید' }).click();
    await page.getByLabel('طرف حساب').fill('علی رضایی');
    await page.getByLabel('مبلغ').fill('۱۰۰۰۰۰۰');
    await page.getByLabel('روش').selectOption({ label: 'نقد' });
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await page.getByRole('cell', { name: '۱٬۰۰۰٬۰۰۰ ریال' }).waitFor();

    // Reports: the trial balance balances; profit and loss matches the API.
    await page.getByRole('link', { name: 'گزارش‌ها' }).click();
    await page.getByRole('link', { name: 'تراز آزمایشی' }).click();
    const tb = await call(t.app, 'GET', '/daftar/v1/reports/trial-balance', undefined, admin);
    assert.equal(tb.body.totals.closingDebit, tb.body.totals.closingCredit);
    await page.getByRole('heading', { name: 'تراز آزمایشی' }).waitFor();
    await page.getByRole('link', { name: 'سود و زیان' }).click();
    const pl = await call(t.app, 'GET', '/daftar/v1/reports/profit-and-loss', undefined, admin);
    const fa = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, '٬').replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const totals = page.getByLabel('جمع سود و زیان');
    await totals.waitFor();
    for (const k of ['revenue', 'costOfSales', 'grossProfit']) assert.ok((await totals.innerText()).includes(fa(pl.body.totals[k])), `${k} ${pl.body.totals[k]} shown`);
    assert.notEqual(pl.body.totals.revenue, '0');
    await page.getByRole('link', { name: 'فروش ماهانه' }).click();
    await page.getByRole('img', { name: 'نمودار فروش خالص' }).waitFor();
    await shot(page, 'sales');
    await page.getByRole('link', { name: 'ترازنامه' }).click();
    await page.getByRole('heading', { name: 'ترازنامه' }).waitFor();
    await page.getByRole('link', { name: 'موجودی کالا' }).click();
    await page.getByRole('cell', { name: 'چای سبز' }).waitFor();

    await page.reload();
    await page.getByRole('cell', { name: 'چای سبز' }).waitFor();

    // The customer's statement: the sale by its printed number, the receipt, the running balance.
    await page.getByRole('link', { name: 'اشخاص' }).click();
    await page.getByRole('link', { name: 'علی رضایی' }).click();
    await page.getByRole('heading', { name: 'صورت‌حساب علی رضایی' }).waitFor();
    await page.getByRole('link', { name: 'فاکتور فروش ۱' }).waitFor();
    const st = await call(t.app, 'GET', `/daftar/v1/parties/${saved.partyId}/statement`, undefined, admin);
    assert.ok((await page.getByLabel('جمع صورت‌حساب').innerText()).includes(fa(st.body.closingBalance)), 'the closing balance as the API gives it');

    // The stock card: 20 in, 3 out, 17 left.
    await page.getByRole('link', { name: 'کالاها' }).click();
    await page.getByRole('link', { name: '۱۷', exact: true }).click();
    await page.getByRole('heading', { name: 'کارت کالا: چای سبز' }).waitFor();
    assert.equal(await page.getByRole('row').count(), 3, 'a header and two movements');

    // The invoice list filters on the server: purchases only.
    await page.getByRole('link', { name: 'فاکتورها' }).click();
    await page.getByRole('cell', { name: 'فروش', exact: true }).waitFor();
    await page.getByLabel('نوع فاکتور').selectOption({ label: 'خرید' });
    await page.getByRole('cell', { name: 'فروش', exact: true }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('cell', { name: 'خرید', exact: true }).count(), 1);

    // A product edited: its price changes, the list shows it.
    await page.getByRole('link', { name: 'کالاها' }).click();
    await page.getByRole('button', { name: 'چای سبز', exact: true }).click();
    await page.getByLabel('قیمت فروش').fill('1300000');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('cell', { name: '۱٬۳۰۰٬۰۰۰ ریال' }).waitFor();

    // A receipt from the sale's own page: its remaining is the default amount, then zero.
    await page.getByRole('link', { name: 'فاکتورها' }).click();
    await page.getByRole('row').filter({ hasText: 'علی رضایی' }).getByRole('link').click();
    await page.getByRole('button', { name: 'ثبت دریافت' }).click();
    await page.getByRole('form', { name: 'دریافت جدید' }).waitFor();
    // (the receipt above was not tied to the invoice: the invoice still shows its whole total as remaining)
    const before = await call(t.app, 'GET', `/daftar/v1/invoices/${saved.id}`, undefined, admin);
    assert.equal(await page.getByLabel('مبلغ').inputValue(), before.body.remaining);
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    // The form closes once the server has taken the receipt (the button hides while the form is open).
    await page.getByRole('form', { name: 'دریافت جدید' }).waitFor({ state: 'detached' });
    const after = await call(t.app, 'GET', `/daftar/v1/invoices/${saved.id}`, undefined, admin);
    assert.equal(after.body.remaining, '0');
    assert.deepEqual(errors, []);
  });

  it('a clerk sees the sales pages but neither settings nor the dashboard; logout ends the session', async () => {
    const { page } = await newPage();
    await login(page, 'sara', 'sara-password-1');
    assert.equal(await page.getByRole('link', { name: 'تنظیمات' }).count(), 0);
    await page.goto(`${base}/app/settings`);
    await page.getByRole('navigation').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'تنظیمات' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'کالای جدید' }).count(), 0);
    await page.getByRole('button', { name: 'خروج' }).click();
    await page.getByLabel('نام کاربری').waitFor();
    await page.reload();
    await page.getByLabel('نام کاربری').waitFor();
  });

  it('settings: the owner adds a user and an API token (shown once, and it works)', async () => {
    const { page, errors } = await newPage();
    await login(page, 'admin', 'admin-password-1');
    await page.getByRole('link', { name: 'تنظیمات' }).click();
    const users = page.getByRole('form', { name: 'کاربر جدید' });
    await users.getByLabel('نام کاربری').fill('reza');
    await users.getByLabel('رمز عبور').fill('reza-password-1');
    await users.getByLabel('نام', { exact: true }).fill('رضا');
    await users.getByLabel('نقش').selectOption({ label: 'حسابدار' });
    await page.getByRole('button', { name: 'افزودن کاربر' }).click();
    await page.getByRole('cell', { name: 'reza', exact: true }).waitFor();
    await page.getByLabel('نام توکن').fill('فروشگاه اینترنتی');
    await page.getByRole('button', { name: 'ساخت توکن' }).click();
    const token = (await page.locator('.notice code').innerText()).trim();
    const me = await call(t.app, 'GET', '/daftar/v1/session', undefined, { authorization: `Bearer ${token}` });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    await page.reload();
    await page.getByRole('button', { name: 'ابطال توکن فروشگاه اینترنتی' }).waitFor();
    assert.equal(await page.locator('.notice').count(), 0, 'the secret is not shown again');
    assert.deepEqual(errors, []);
  });

  it('every field of the login and product forms has an accessible label, and the login works by keyboard alone', async () => {
    const { page } = await newPage();
    await page.goto(`${base}/app/`);
    await page.getByLabel('نام کاربری').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-username', 'the login starts in «نام کاربری»');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('admin-password-1');
    await page.keyboard.press('Enter');
    await page.getByRole('navigation').waitFor();
    await page.getByRole('link', { name: 'کالاها' }).click();
    await page.getByRole('button', { name: 'کالای جدید' }).click();
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')].filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML),
    );
    assert.deepEqual(unlabeled, []);
  });

  it('the rest of the books: groups and units, a return against its sale, cash and bank accounts, a backup and new surface keys', async () => {
    // Set up by the API what this test does not exercise: a supplier, a customer, stock, a sale.
    const post = async (path: string, body: unknown) => {
      const r = await call(t.app, 'POST', `/daftar/v1${path}`, body, admin);
      assert.ok(r.status < 300, `${path}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const product = await post('/products', { name: 'قهوه ترک', code: '2001', sellPrice: '900000', buyPrice: '600000' });
    const party = await post('/parties', { name: 'فروشگاه امید', roles: ['customer'] });
    const supplier = await post('/parties', { name: 'پخش البرز', roles: ['supplier'] });
    await post('/invoices', { type: 'purchase', partyId: supplier.id, lines: [{ productId: product.id, quantity: '10', unitPrice: '600000' }] });
    const sale = await post('/invoices', { type: 'sale', partyId: party.id, lines: [{ productId: product.id, quantity: '4', unitPrice: '900000' }] });

    const { page, errors } = await newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, 'admin', 'admin-password-1');

    // Groups and units, then a product put in them.
    await page.getByRole('link', { name: 'کالاها' }).click();
    await page.getByRole('button', { name: 'گروه‌ها، واحدها و انبارها' }).click();
    const groups = page.getByRole('region', { name: 'گروه‌های کالا' });
    await groups.getByRole('button', { name: 'گروه جدید' }).click();
    await groups.getByLabel('نام', { exact: true }).fill('نوشیدنی گرم');
    await groups.getByRole('button', { name: 'ذخیره' }).click();
    await groups.getByRole('cell', { name: 'نوشیدنی گرم', exact: true }).waitFor();
    const units = page.getByRole('region', { name: 'واحدها' });
    await units.getByRole('button', { name: 'واحد جدید' }).click();
    await units.getByLabel('نام', { exact: true }).fill('بسته');
    await units.getByLabel('کد واحد در سامانه مودیان').fill('۱۶۲۷');
    await units.getByRole('button', { name: 'ذخیره' }).click();
    await units.getByRole('cell', { name: 'بسته', exact: true }).waitFor();
    assert.ok(await units.getByRole('cell', { name: '۱۶۲۷' }).isVisible(), 'the Moadian unit code, in Persian digits');
    await shot(page, 'catalog-setup');
    await page.getByRole('button', { name: 'بازگشت به کالاها' }).click();
    await page.getByRole('button', { name: 'قهوه ترک' }).click();
    await page.getByLabel('واحد', { exact: true }).selectOption({ label: 'بسته' });
    await page.getByLabel('گروه', { exact: true }).selectOption({ label: 'نوشیدنی گرم' });
    await page.getByRole('button', { name: 'ذخیره' }).click();
    // A product with movements keeps its unit: the refusal sits under «واحد», nothing typed is lost.
    const refusal = page.locator('.field.invalid').filter({ has: page.getByLabel('واحد', { exact: true }) }).getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /قهوه ترک/);
    assert.equal(await page.getByLabel('گروه', { exact: true }).evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent), 'نوشیدنی گرم', 'the choice survives the refusal');
    await page.getByLabel('واحد', { exact: true }).selectOption({ label: 'عدد' });
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('form', { name: /ویرایش/ }).waitFor({ state: 'detached' });
    const saved = (await call(t.app, 'GET', `/daftar/v1/products/${product.id}`, undefined, admin)).body;
    assert.equal(saved.unit.name, 'عدد');
    assert.ok(saved.groupId > 0, 'the group is saved');
    assert.equal(saved.sellPrice, '900000', 'editing the group keeps the price');
    await page.getByRole('button', { name: 'کالای جدید' }).click();
    await page.getByLabel('نام', { exact: true }).fill('دمنوش به');
    await page.getByLabel('قیمت فروش').fill('450000');
    await page.getByLabel('واحد', { exact: true }).selectOption({ label: 'بسته' });
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('cell', { name: 'بسته', exact: true }).waitFor();

    // The customer becomes a company with an economic code; a bad national id is refused by name.
    await page.getByRole('link', { name: 'اشخاص' }).click();
    await page.getByRole('row', { name: /فروشگاه امید/ }).getByRole('button', { name: 'ویرایش' }).click();
    await page.getByLabel('نوع شخص').selectOption({ label: 'حقوقی' });
    await page.getByLabel('کد ملی / شناسه ملی').fill('123');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.locator('.field.invalid').filter({ has: page.getByLabel('کد ملی / شناسه ملی') }).getByRole('alert').waitFor();
    await page.getByLabel('کد ملی / شناسه ملی').fill('');
    await page.getByLabel('کد اقتصادی').fill('۴۱۱۱۱۱۱۱۱۱۱۱');
    await page.getByRole('button', { name: 'ذخیره' }).click();
    await page.getByRole('form', { name: /ویرایش/ }).waitFor({ state: 'detached' });
    const customer = (await call(t.app, 'GET', `/daftar/v1/parties/${party.id}`, undefined, admin)).body;
    assert.deepEqual([customer.kind, customer.name, customer.companyName, customer.economicCode], ['company', 'فروشگاه امید', 'فروشگاه امید', '411111111111']);

    // A return of one of the four sold, entered against the sale.
    await page.goto(`${base}/app/invoices/${sale.id}`);
    await page.getByRole('button', { name: 'برگشت از فروش' }).click();
    const quantity = page.getByLabel('تعداد');
    await quantity.fill('1');
    await page.getByRole('status', { name: 'جمع کل' }).filter({ hasText: '۹۰۰٬۰۰۰' }).or(page.getByRole('status', { name: 'جمع کل' }).filter({ hasText: '۹۹۰٬۰۰۰' })).waitFor();
    await shot(page, 'return-entry');
    await page.keyboard.press('Control+s');
    await page.getByRole('heading', { name: /فاکتور برگشت از فروش شماره/ }).waitFor();
    const returns = (await call(t.app, 'GET', '/daftar/v1/invoices?type=saleReturn', undefined, admin)).body.items;
    assert.equal(returns.length, 1);
    assert.equal(returns[0].originalInvoiceId, sale.id);
    assert.equal(returns[0].lines[0]?.quantity ?? (await call(t.app, 'GET', `/daftar/v1/invoices/${returns[0].id}`, undefined, admin)).body.lines[0].quantity, '1');
    const stock = (await call(t.app, 'GET', `/daftar/v1/products/${product.id}`, undefined, admin)).body.stock.total;
    assert.equal(stock, '7', '10 bought, 4 sold, 1 back');

    // A bank account with an opening balance, then a payment from it.
    await page.getByRole('link', { name: 'دریافت و پرداخت' }).click();
    await page.getByRole('button', { name: 'صندوق‌ها و حساب‌های بانکی' }).click();
    const banks = page.getByRole('region', { name: 'حساب‌های بانکی' });
    await banks.getByRole('button', { name: 'حساب بانکی جدید' }).click();
    await banks.getByLabel('نام بانک').fill('ملت');
    await banks.getByLabel('شماره حساب').fill('۴۴۵۵۶۶');
    await banks.getByLabel('مانده اول دوره').fill('50000000');
    await banks.getByRole('button', { name: 'ذخیره' }).click();
    await banks.getByRole('cell', { name: '۵۰٬۰۰۰٬۰۰۰ ریال' }).waitFor();
    await shot(page, 'money-accounts');
    await page.getByRole('button', { name: 'بازگشت به دریافت و پرداخت' }).click();
    await page.getByRole('button', { name: 'پرداخت جدید' }).click();
    await page.getByLabel('طرف حساب').fill('پخش البرز');
    await page.getByLabel('مبلغ').fill('2000000');
    await page.getByLabel('روش').selectOption({ label: 'بانک' });
    await page.getByLabel('حساب بانکی').selectOption({ label: 'ملت ۴۴۵۵۶۶' });
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await page.getByRole('cell', { name: '۲٬۰۰۰٬۰۰۰ ریال' }).waitFor();
    const bank = (await call(t.app, 'GET', '/daftar/v1/bankAccounts', undefined, admin)).body.items.find((b: { bankName: string }) => b.bankName === 'ملت');
    assert.equal(bank.balance, '48000000');

    // A backup, listed with a download link that serves the file to the logged-in owner.
    await page.getByRole('link', { name: 'تنظیمات' }).click();
    await page.getByRole('button', { name: 'پشتیبان‌گیری' }).click();
    await page.getByRole('status').filter({ hasText: 'ساخته شد' }).waitFor();
    const href = await page.getByRole('link', { name: 'دریافت' }).first().getAttribute('href');
    const download = await page.request.get(`${base}${href}`);
    assert.equal(download.status(), 200);
    assert.ok((await download.body()).length > 100);

    // New Chortke token: shown once, it works, the old one does not.
    await page.getByRole('button', { name: 'توکن تازه چرتکه' }).click();
    const chortke = (await page.locator('.notice code').innerText()).trim();
    assert.equal((await call(t.app, 'GET', '/v2/products', undefined, { authorization: `Bearer ${chortke}` })).status, 200);
    assert.equal((await call(t.app, 'GET', '/v2/products', undefined, { authorization: 'Bearer test-chortke-token-a' })).status, 401);
    await shot(page, 'settings-keys');
    await page.setViewportSize({ width: 390, height: 900 });
    await noSidewaysScroll(page);
    // The failed requests are the refusals asked for above: the unit change (409), the national id (400).
    assert.deepEqual(errors.filter((e) => !/status of (409|400)/.test(e)), []);
    assert.equal(errors.length, 2);
  });

  it('cheques: a receipt by cheque, deposited and cleared from the cheques page; a payment voided', async () => {
    const customer = (await call(t.app, 'POST', '/daftar/v1/parties', { name: 'مشتری چکی', roles: ['customer'] }, admin)).body;
    const bank = (await call(t.app, 'POST', '/daftar/v1/bankAccounts', { bankName: 'سپه', accountNo: '9090' }, admin)).body;
    const { page, errors } = await newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, 'admin', 'admin-password-1');
    await page.getByRole('link', { name: 'دریافت و پرداخت' }).click();
    await page.getByRole('button', { name: 'دریافت جدید' }).click();
    await page.getByLabel('طرف حساب').fill('مشتری چکی');
    await page.getByLabel('مبلغ').fill('۳۰۰۰۰۰۰');
    await page.getByLabel('روش').selectOption({ label: 'چک' });
    await page.getByLabel('شماره چک').fill('۵۵۱۲');
    await page.getByLabel('شناسه صیادی').fill('1111222233334444');
    await page.getByLabel('بانک', { exact: true }).fill('ملی');
    await shot(page, 'receipt-cheque');
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await page.getByRole('cell', { name: 'چک', exact: true }).waitFor();

    await page.getByRole('button', { name: 'چک‌ها' }).click();
    await page.getByRole('heading', { name: 'چک‌ها' }).waitFor();
    const row = page.getByRole('row', { name: /۵۵۱۲/ });
    await row.getByRole('button', { name: 'واگذاری به بانک' }).click();
    await page.getByLabel('حساب بانکی').selectOption({ label: 'سپه ۹۰۹۰' });
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await row.getByRole('cell', { name: 'در جریان وصول' }).waitFor();
    await row.getByRole('button', { name: 'وصول' }).click();
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await row.getByRole('cell', { name: 'وصول‌شده' }).waitFor();
    await shot(page, 'cheques');
    const balance = (await call(t.app, 'GET', '/daftar/v1/bankAccounts', undefined, admin)).body.items.find((b: { id: number }) => b.id === bank.id).balance;
    assert.equal(balance, '3000000');
    assert.equal((await call(t.app, 'GET', `/daftar/v1/parties/${customer.id}`, undefined, admin)).body.balance, '-3000000');

    // A cash receipt entered by mistake is voided by a reversing voucher.
    await page.getByRole('button', { name: 'بازگشت به دریافت و پرداخت' }).click();
    await page.getByRole('button', { name: 'دریافت جدید' }).click();
    await page.getByLabel('طرف حساب').fill('مشتری چکی');
    await page.getByLabel('مبلغ').fill('100000');
    await page.getByRole('button', { name: 'ثبت', exact: true }).click();
    await page.getByRole('cell', { name: '۱۰۰٬۰۰۰ ریال' }).waitFor();
    await page.getByRole('row', { name: /۱۰۰٬۰۰۰ ریال/ }).getByRole('button', { name: 'ابطال' }).click();
    await page.getByRole('cell', { name: /باطل‌شده/ }).waitFor();
    assert.equal((await call(t.app, 'GET', `/daftar/v1/parties/${customer.id}`, undefined, admin)).body.balance, '-3000000');

    // Each report downloads as Excel with the owner's session.
    await page.getByRole('link', { name: 'گزارش‌ها' }).click();
    await page.getByRole('link', { name: 'تراز آزمایشی' }).click();
    const xlsx = await page.getByRole('link', { name: 'دریافت Excel' }).getAttribute('href');
    const sheet = await page.request.get(`${base}${xlsx}`);
    assert.equal(sheet.status(), 200);
    assert.equal(sheet.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal((await sheet.body()).subarray(0, 2).toString(), 'PK', 'a zip (xlsx) file');
    await page.getByRole('link', { name: 'دریافت و پرداخت' }).click();
    await page.setViewportSize({ width: 390, height: 900 });
    await shot(page, 'payments-void');
    await noSidewaysScroll(page);
    assert.deepEqual(errors, []);
  });

  it('the accountant\'s year: aging and cheques-due reports, then 1404 closed from the fiscal years page', async () => {
    const party = (await call(t.app, 'POST', '/daftar/v1/parties', { name: 'مشتری سال گذشته', roles: ['customer'] }, admin)).body;
    const product = (await call(t.app, 'POST', '/daftar/v1/products', { name: 'کالای سال گذشته', sellPrice: '1000', buyPrice: '600' }, admin)).body;
    for (const body of [
      { type: 'purchase', partyId: party.id, date: '1404/05/01', lines: [{ productId: product.id, quantity: '10', unitPrice: '600', vatRate: '0' }] },
      { type: 'sale', partyId: party.id, date: '1404/06/01', lines: [{ productId: product.id, quantity: '5', unitPrice: '1000', vatRate: '0' }] },
    ]) {
      const r = await call(t.app, 'POST', '/daftar/v1/invoices', body, admin);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const { page, errors } = await newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, 'admin', 'admin-password-1');
    await page.getByRole('link', { name: 'گزارش‌ها' }).click();
    await page.getByRole('link', { name: 'گزارش سنی' }).click();
    await page.getByRole('cell', { name: 'مشتری سال گذشته' }).first().waitFor();
    await shot(page, 'aging');
    await page.getByRole('link', { name: 'چک‌های در راه' }).click();
    await page.getByRole('heading', { name: 'چک‌های در راه' }).waitFor();
    await page.getByRole('link', { name: 'سال‌های مالی' }).click();
    const row = page.getByRole('row', { name: /۱۴۰۴/ });
    await row.getByRole('button', { name: 'بستن سال' }).click();
    await row.getByRole('cell', { name: /بسته/ }).waitFor();
    await shot(page, 'fiscal-years');
    const years = (await call(t.app, 'GET', '/daftar/v1/fiscalYears', undefined, admin)).body.items;
    assert.equal(years.find((y: { jalaliYear: number }) => y.jalaliYear === 1404).closed, true);
    const refused = await call(t.app, 'POST', '/daftar/v1/invoices', { type: 'sale', partyId: party.id, date: '1404/07/01', lines: [{ productId: product.id, quantity: '1', unitPrice: '1000' }] }, admin);
    assert.equal(refused.body.code, 'CLOSED_PERIOD');
    await row.getByRole('button', { name: 'بازگشایی' }).click();
    await row.getByRole('cell', { name: 'باز', exact: true }).waitFor();
    assert.deepEqual(errors, []);
  });
});
