import { route } from '#shared/api/routes.ts';
import { slugify } from '#shared/domain/ids.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { planning } from './commons/planning-services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/budget-lines'), async ({ params, body }) => ({
  body: await planning.createBudgetLine(params.regionId, { ...body, id: body.id ?? (slugify(body.name) || 'budget-line') }),
}));
