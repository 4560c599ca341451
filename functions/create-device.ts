import { route } from '#shared/api/routes.ts';
import { newDeviceId } from '#shared/domain/ids.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { inventory } from './commons/services.ts';

export const handler = httpHandler(route('POST /api/regions/{regionId}/devices'), async ({ identity, params, body }) => ({
  body: await inventory.createDevice(identity, params.regionId, { ...body, id: body.id ?? newDeviceId(body.name) }),
}));
