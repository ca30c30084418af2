import { CALLS } from '../../../protocol/calls.js';
import { callSchema } from '../../schemas.js';
import type { CallDefinition } from '../types.js';

/** `forget`: 1 if this connection had that stream and it stopped, 0 if there was no such stream. */
export const forget: CallDefinition = {
  name: 'forget',
  schema: callSchema(CALLS.get('forget')!, { properties: {} }),
  handle: ({ args, connection }) => (connection.streams.forget(args.forget as string) ? 1 : 0),
};

/** `forget_all`: stops every stream of the given types and answers their ids (maybe `[]`). */
export const forgetAll: CallDefinition = {
  name: 'forget_all',
  schema: callSchema(CALLS.get('forget_all')!, { properties: {} }),
  handle: ({ args, connection }) => {
    const types = typeof args.forget_all === 'string' ? [args.forget_all] : (args.forget_all as string[]);
    return connection.streams.forgetTypes(new Set(types));
  },
};
