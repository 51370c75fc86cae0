// leadgate/track: the first-party tracker (www/leadgate-track.js). Importing
// it records this page's view (unless `data-page-view="off"`).

/** One recorded event, in the model's event format. */
export interface TrackedEvent {
  event: string;
  /** RFC 3339, UTC. */
  at: string;
  [prop: string]: unknown;
}
/** Whether events may be stored now (consent given, or not required). */
export function hasConsent(): boolean;
/** The stored events, oldest first. */
export function events(): TrackedEvent[];
/** Records a custom event; null for an empty name. */
export function track(name: string, props?: Record<string, unknown>): TrackedEvent | null;
/** Records a page view (path, title, referrer, UTM parameters). */
export function page(props?: Record<string, unknown>): TrackedEvent | null;
/** Grants or refuses consent; refusing erases what was stored. */
export function consent(granted: boolean): void;
/** Erases every stored event. */
export function forget(): void;
/** The first-party visitor id the edge's POST /track keeps events under; null without consent. */
export function visitorId(): string | null;
