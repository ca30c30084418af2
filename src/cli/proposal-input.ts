import type { ProposalBuyRequest } from '../client/node.js';
import { UsageError } from './errors.js';
import { parseJsonRequest, requestText } from './json-input.js';

export const PROPOSAL_EXAMPLE =
  '{"contract_type":"CALL","symbol":"R_100","currency":"USD","basis":"stake","amount":1,"duration":5,"duration_unit":"t"}';
/** A multiplier: no duration; it ends when sold, or at its take profit, stop loss or stop out. */
export const MULTIPLIER_EXAMPLE =
  '{"contract_type":"MULTUP","symbol":"R_100","currency":"USD","basis":"stake","amount":10,"multiplier":100,"limit_order":{"take_profit":5}}';

/** The proposal the command buys: a JSON object, with or without `"proposal": 1`. */
export async function proposalRequest(positionals: string[]): Promise<ProposalBuyRequest> {
  return proposalFrom(await requestText(positionals, PROPOSAL_EXAMPLE));
}

/** The proposal in a line of text (the REPL's `buy {…}`); a UsageError says what is wrong with it. */
export function proposalFrom(text: string): ProposalBuyRequest {
  const request = parseJsonRequest(text);
  if ('subscribe' in request) throw new UsageError('the proposal is bought, not streamed: leave out "subscribe"');
  if (request.proposal !== undefined && request.proposal !== 1)
    throw new UsageError('"proposal" must be 1, or left out');
  return { ...request, proposal: 1 } as unknown as ProposalBuyRequest;
}
