// The landing page (www/index.html) as the browser tests drive it: two visitors
// and the steps to fill its form, shared by the kit and end-to-end suites.

/** A marketing director at a 200–999-person company asking for a demo: an SQL. */
export const SQL_VISITOR = { name: "Mariana", company: "AgroVale Alimentos", email: "mariana.costa@agrovale.com.br",
  title: "Diretora de Marketing", size: "200-999", industry: "Agronegócio", crm: "RD Station CRM", form: "demo_request" };
/** A marketing coordinator downloading the guide: an MQL. */
export const MQL_VISITOR = { name: "Paulo", company: "Tecnoplas", email: "paulo@tecnoplas.com.br",
  title: "Coordenador de Marketing", size: "50-199", industry: "Indústria", crm: "", form: "guide_download" };

/** Fills the landing page's lead form as visitor `v`. */
export async function fillLanding(page, v) {
  await page.fill("#f-name", v.name);
  await page.fill("#f-company", v.company);
  await page.fill("#f-email", v.email);
  await page.fill("#f-title", v.title);
  await page.selectOption("#f-size", v.size);
  await page.selectOption("#f-industry", v.industry);
  await page.selectOption("#f-crm", v.crm);
  await page.check(`input[name=form][value=${v.form}]`);
}

/** Waits until the kit has loaded the package and model for the form. */
export const ready = (page) => page.waitForSelector("form[data-leadgate][data-leadgate-state=ready]", { timeout: 15_000 });

/** The form's hidden inputs as an object. */
export const hidden = (page) =>
  page.$$eval("form[data-leadgate] input[type=hidden]", (xs) => Object.fromEntries(xs.map((x) => [x.name, x.value])));
