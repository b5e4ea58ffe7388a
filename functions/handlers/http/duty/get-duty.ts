import type { Language } from '../../../core/catalogue/catalogue.js';
import { languageOf } from '../../../core/problem/messages.js';
import { QueryReader } from '../../../core/use-cases/paging.js';
import { headerOf } from '../negotiate.js';
import { type HttpBasics, publicRoute } from '../public-route.js';
import { DUTY_CONTENT_SECURITY_POLICY, renderDutyPage } from './duty-page.js';

const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];

/**
 * GET /duty — the NCC duty page (docs/duty-page.md). Public like /docs: a browser cannot
 * put a bearer token on a page navigation, and the page holds no data — its script calls
 * GET /v1/obligations, GET /v1/incidents/{id} and POST /v1/notices with the officer's
 * token, and those answer by the token's role as for any client.
 *
 * The language is `?lang` (kk, ru, en; any other value is Kazakh, as for the printable
 * card), else `Accept-Language`, else Kazakh. Any other query parameter is 400 as on every
 * route: the page keeps its filters in the tab, not in the URL.
 */
export const buildGetDuty = (deps: HttpBasics) => {
  const pages = new Map<Language, string>();
  return publicRoute(deps, { auth: 'public', negotiate: false }, async (event) => {
    const reader = new QueryReader(event.queryStringParameters);
    const lang = reader.string('lang');
    reader.done();
    const language: Language =
      lang === undefined
        ? languageOf(headerOf(event.headers, 'accept-language'))
        : (LANGUAGES as readonly string[]).includes(lang)
          ? (lang as Language)
          : 'kk';
    let page = pages.get(language);
    if (page === undefined) {
      page = renderDutyPage(language);
      pages.set(language, page);
    }
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-language': language,
        'content-security-policy': DUTY_CONTENT_SECURITY_POLICY,
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        // The same bytes for everyone in one language; Accept-Language picks which.
        'cache-control': 'public, max-age=300',
        vary: 'Accept-Language',
      },
      body: page,
    };
  });
};
