import { startCloudSignIn, type CloudConfig } from '../cloud-sign-in.ts';
import { el, replaceChildren } from '../dom.ts';
import { messageBox } from '../feedback.ts';
import { t } from '../i18n.ts';

/** CLOUD sign-in screen: one button to Cognito's managed login (the local screen is views/sign-in.ts). */
export function renderCloudSignIn(container: HTMLElement, options: { config: CloudConfig; notice?: string; error?: string }): void {
  const button = el('button', { type: 'button', class: 'primary', onclick: () => void startCloudSignIn(options.config) }, options.notice ? t('signInAgain') : t('signInButton'));
  replaceChildren(
    container,
    el(
      'section',
      { class: 'sign-in card' },
      el('h1', {}, options.notice ? t('signInAgain') : t('signInTitle')),
      options.notice ? messageBox('warning', options.notice) : null,
      options.error ? messageBox('error', t('signInFailed', { message: options.error })) : null,
      el('p', {}, t('cloudSignInIntro')),
      button,
    ),
  );
}
