import type { Route } from './router.ts';
import type { Session } from './session.ts';

/**
 * What every view is given: who is signed in and which route is shown. Views import this module,
 * never main.ts, so the page frame and the views do not depend on each other.
 */
export interface ViewContext {
  session: Session;
  route: Route;
}

/** A view draws itself into `view`; it may return a function that stops its timers. */
export type View = (view: HTMLElement, context: ViewContext) => (() => void) | void;
