import { ValidationError } from '#shared/domain/errors.ts';

/** A body may echo the record's id; if it does, it must be the id in the path. */
export function assertPathId(bodyId: string | undefined, pathId: string): void {
  if (bodyId !== undefined && bodyId !== pathId) {
    throw new ValidationError('the id in the body is not the id in the path', [
      { field: 'body.id', problem: `is '${bodyId}' but the path names '${pathId}'; ids cannot be changed` },
    ]);
  }
}
