import { route } from '#shared/api/routes.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { portfolio } from './commons/portfolio-services.ts';

export const handler = httpHandler(route('GET /api/regions/{regionId}/portfolio-settings'), async ({ params }) => {
  const settings = await portfolio.getSettings(params.regionId);
  return { body: settings, ...(settings.version !== undefined ? { headers: { etag: `"${settings.version}"` } } : {}) };
});
