// An agent in real Chromium against the real CRM: finds a caller by a Persian name, logs the
// call and sees it at the top of the timeline; a double submission writes once; a stale form
// gets "changed meanwhile"; the API's field messages land on the field; keyboard only works.
import type { Page } from 'playwright-core';
import { CrmUnderTest, describeInBrowser, expectNoProblems, useConsole, type WatchedPage } from './support';
import { seedCustomers } from './support/seed';

const timeline = (page: Page) => page.locator('.timeline-scroller [role=listitem]');
const composer = (page: Page) => page.locator('.composer form');

async function contactsWithReason(crm: CrmUnderTest, customerId: string, reason: string): Promise<number> {
  const page = await crm.get(`/customers/${customerId}/timeline?limit=200`, 'agent');
  return page.body.items.filter((item: any) => item.type === 'ContactRecorded' && item.data.reason === reason).length;
}

describeInBrowser('console: the agent', () => {
  const app = useConsole({ seed: seedCustomers });
  let watched: WatchedPage;
  let page: Page;
  beforeEach(async () => {
    watched = await app.signedIn('agent');
    page = watched.page;
  });
  // Answers a test provokes on purpose (Chromium logs each 4xx as an error).
  let expected: RegExp[] = [];
  afterEach(async () => {
    expectNoProblems(watched, expected);
    expected = [];
    await watched.context.close();
  });

  it('finds a customer by a Persian name, logs a call and sees it at the top of the timeline', async () => {
    await page.getByRole('combobox', { name: 'Search customers' }).fill('شیرین');
    const option = page.getByRole('option', { name: /شیرین رضایی/ });
    await option.waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer/c-shirin');
    await page.getByRole('heading', { level: 1, name: 'شیرین رضایی' }).waitFor();
    // No model was fitted on this history: the forecast panel says so rather than showing zeros.
    await page
      .getByRole('region', { name: 'Forecast' })
      .getByText(/No customer-value model has been fitted yet/)
      .waitFor();

    await composer(page).getByLabel('Reason').fill('Asked where the parcel is');
    await composer(page).getByLabel('Duration (seconds)').fill('۱۸۰');
    await composer(page).getByRole('button', { name: 'Log contact' }).click();
    await composer(page).getByText('Saved.').waitFor();
    await timeline(page)
      .first()
      .getByText(/Asked where the parcel is/)
      .waitFor();
    expect(await timeline(page).first().textContent()).toContain('3 min');

    // Only the sales: the timeline asks the API for those event types.
    await page.getByLabel('Show').selectOption('sales');
    // The purchase made an offer (cross-sell): both are sales, newest first.
    await timeline(page).first().getByText('Offer made').waitFor();
    const shown = await page.locator('.timeline-scroller').textContent();
    expect(shown).toContain('€399.00');
    expect(shown).not.toContain('Asked where the parcel is');
  });

  it('writes one event for a double-submitted form', async () => {
    await page.goto('/customer/c-ada');
    await composer(page).getByLabel('Reason').fill('double click');
    const submit = composer(page).getByRole('button', { name: 'Log contact' });
    await submit.dblclick();
    // And a second submit event in the same frame, as an impatient Enter would send.
    await composer(page).evaluate('(form) => { form.requestSubmit(); form.requestSubmit(); }');
    await composer(page).getByText('Saved.').waitFor();
    await timeline(page)
      .first()
      .getByText(/double click/)
      .waitFor();
    expect(await contactsWithReason(app.crm, 'c-ada', 'double click')).toBe(1);
  });

  it('tells the agent when the customer changed meanwhile, reloads, and lets them re-apply', async () => {
    expected = [/status of 409/];
    await page.goto('/customer/c-ada');
    await composer(page).getByLabel('Reason').fill('stale form');
    await timeline(page).first().waitFor();
    // Meanwhile, the web shop records a visit.
    const visit = await app.crm.post('/customers/c-ada/contacts', {
      channel: 'web',
      direction: 'inbound',
      reason: 'visited the shop',
    });
    expect(visit.status).toBe(201);
    await composer(page).getByRole('button', { name: 'Log contact' }).click();
    await composer(page)
      .getByText(/changed meanwhile/)
      .waitFor();
    expect(await contactsWithReason(app.crm, 'c-ada', 'stale form')).toBe(0);
    await timeline(page)
      .first()
      .getByText(/visited the shop/)
      .waitFor();
    // The values stay; after the reload the same submission goes through.
    await composer(page).getByRole('button', { name: 'Log contact' }).click();
    await composer(page).getByText('Saved.').waitFor();
    expect(await contactsWithReason(app.crm, 'c-ada', 'stale form')).toBe(1);
  });

  it("shows the API's message on the field and writes nothing", async () => {
    expected = [/status of 404/];
    await page.goto('/customer/c-ada');
    await page.getByRole('button', { name: 'Return' }).click();
    const form = page.getByRole('form', { name: 'Return' });
    await form.getByLabel('Order id').fill('o-never-bought');
    await form.getByLabel('Amount returned').fill('10');
    const head = await app.crm.head();
    await form.getByRole('button', { name: 'Record return' }).click();
    const orderField = form.getByLabel('Order id');
    await form.getByText(/was not purchased by this customer/).waitFor();
    expect(await orderField.getAttribute('aria-invalid')).toBe('true');
    expect(await app.crm.head()).toBe(head);

    // Client-side checks mirror the API's: nothing is sent for a bad amount.
    await form.getByLabel('Amount returned').fill('12.345');
    await form.getByRole('button', { name: 'Record return' }).click();
    await form.getByText('At most two decimals.').waitFor();
    expect(await app.crm.head()).toBe(head);
  });

  it('works from the keyboard: Ctrl+K, arrows and Enter to find; Tab through a form and Enter to send', async () => {
    // Escape closes the menu; Ctrl+K opens it again, wherever the focus is.
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    // Escape and at once Ctrl+K: the dialog's late 'close' event must not take the menu away.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.waitForTimeout(100);
    await dialog.waitFor();
    // An order id finds its customer, and says so.
    await page.keyboard.type('o-ada');
    await dialog.getByRole('option', { name: /Ada Lovelace.*matched on order id/ }).waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Pars');
    await dialog.getByRole('option', { name: /Pars Trading Co/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer/c-pars');
    await page.getByText('Key account').waitFor();

    await composer(page).getByLabel('Channel').focus();
    await page.keyboard.press('Tab'); // direction
    await page.keyboard.press('Tab'); // reason
    await page.keyboard.type('keyboard only');
    await page.keyboard.press('Enter');
    await composer(page).getByText('Saved.').waitFor();
    expect(await contactsWithReason(app.crm, 'c-pars', 'keyboard only')).toBe(1);
  });

  it('works the complaints queue: most urgent first, filters in the URL, assign and escalate in place', async () => {
    await page.getByRole('link', { name: 'Complaints queue' }).click();
    const rows = page.locator('.queue-row');
    await rows.first().waitFor();
    // The critical billing case is due sooner than the high-severity delivery one.
    expect(await rows.first().textContent()).toContain('Pars Trading Co');
    // Opened three days ago as critical: long past its SLA, in the breached colours.
    expect(await rows.first().getAttribute('class')).toContain('sla-edge-breached');
    await rows
      .first()
      .locator('.sla-breached')
      .getByText(/Breached · .* overdue/)
      .waitFor();

    await page.getByLabel('Severity').selectOption('high');
    await page.waitForURL(/severity=high/);
    await page.getByText('1 open complaint').waitFor();
    expect(await rows.first().textContent()).toContain('شیرین رضایی');

    // Cases go to people of the directory (an unknown id is refused with 422).
    const parisa = await app.crm.post(
      '/admin/users',
      { name: 'Parisa Ahmadi', email: 'parisa@ledger.test', roles: ['agent'] },
      'admin',
    );
    expect(parisa.status).toBe(201);
    await page.getByRole('button', { name: 'Assign case-shirin-1' }).click();
    const assign = page.getByRole('form', { name: 'Assign complaint' });
    await assign.getByLabel('Assign to (person id)').fill(parisa.body.userId);
    await assign.getByLabel('Note').fill('speaks Persian');
    await assign.getByRole('button', { name: 'Assign' }).click();
    await rows.first().getByText(parisa.body.userId).waitFor();

    await page.getByRole('button', { name: 'Escalate case-shirin-1' }).click();
    const escalate = page.getByRole('form', { name: 'Escalate complaint' });
    await escalate.getByLabel('Why escalate').fill('customer called twice');
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await rows
      .first()
      .getByText(/escalated \(level 1\)/)
      .waitFor();

    // The URL holds the view: opened afresh, it shows the same filtered queue.
    await page.goto(page.url());
    await page.getByText('1 open complaint').waitFor();
    expect(await page.getByLabel('Severity').inputValue()).toBe('high');
    const types = (await app.crm.get('/customers/c-shirin/timeline?limit=5', 'agent')).body.items.map(
      (i: any) => i.type,
    );
    expect(types.slice(0, 2)).toEqual(['ComplaintEscalated', 'ComplaintAssigned']);
  });

  it('opens a complaint from the 360, sees its SLA clock, and resolves it', async () => {
    await page.goto('/customer/c-ada');
    await page.getByRole('button', { name: 'Complaint' }).click();
    const form = page.getByRole('form', { name: 'Complaint' });
    await form.getByLabel('Category').fill('warranty');
    await form.getByLabel('Severity').selectOption('critical');
    await form.getByLabel('What happened').fill('Grinder stopped after a week');
    await form.getByRole('button', { name: 'Open complaint' }).click();
    const complaint = page.locator('.complaint').filter({ hasText: 'Grinder stopped after a week' });
    await complaint.waitFor();
    // A critical case is due within hours: "due soon" (or on time), never breached at once.
    expect(await complaint.locator('.sla').textContent()).toMatch(/(Due soon|On time) · .* left/);

    await complaint.getByRole('button', { name: 'Resolve' }).click();
    await complaint.getByLabel('Resolution').fill('Replacement sent');
    await complaint.getByRole('button', { name: 'Resolve' }).last().click();
    await complaint.waitFor({ state: 'detached' });
    await timeline(page)
      .first()
      .getByText(/Replacement sent/)
      .waitFor();
  });
});
