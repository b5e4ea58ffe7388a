import { renderAnnex3CardPdf } from '../../../adapters/pdf/annex3-card-pdf.js';
import { getIncident } from '../../../core/use-cases/incidents/read-incidents.js';
import { httpRoute, pathParameter, type RouteDeps } from '../route.js';

/**
 * GET /v1/incidents/{id}/card.pdf?lang=kk|ru — the printable 004 Annex 3 card with the
 * receipt and the clocks. Same access as GET /v1/incidents/{id} (another SOC's incident is
 * 404); any `lang` other than ru prints in Kazakh.
 */
export const buildGetIncidentCardPdf = (deps: RouteDeps<'incidents'>) =>
  httpRoute(deps, { auth: 'required', negotiate: false }, async (event) => {
    const id = pathParameter(event, 'id');
    const incident = await getIncident(deps, event.principal, id);
    const language = event.queryStringParameters?.lang === 'ru' ? 'ru' : 'kk';
    const pdf = await renderAnnex3CardPdf({
      incident: incident as never,
      language,
      printedAtMs: deps.now().getTime(),
    });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${id}-${language}.pdf"`,
        'content-language': language,
        'cache-control': 'private, no-store',
      },
      body: pdf.toString('base64'),
      isBase64Encoded: true,
    };
  });
