// leadgate/form: the form kit (www/leadgate-form.js). Importing it starts it:
// every `form[data-leadgate]` of the page is scored on submit (docs/www.md).

/** The lead a form would send: its fields under model names, plus the tracker's events, `page_views`, `form` and first-touch `utm_*`. */
export function collectLead(form: HTMLFormElement): Record<string, unknown>;
/** Sends what waits in the delivery queue (localStorage) now. */
export function flush(): Promise<void>;
/** What still waits for delivery to the endpoint. */
export function pending(): { id: string; attempts: number; due: number }[];
