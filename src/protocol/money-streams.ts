/**
 * How a money-moving stream is followed again after a drop. The request that opened it
 * (`buy` with `subscribe`) must never be sent twice: it would buy a second contract. Once its
 * reply has named what it opened, the same thing can be followed by id with a read-only
 * request. Where the protocol has no such request, the stream cannot resume and ends with
 * `ConnectionLost { sent: true }`.
 *
 * Facts: docs/PROTOCOL-NOTES.md, "Money-moving streams".
 */

type Message = Record<string, unknown>;

/** From the first reply of a money-moving stream, the read-only request that follows the same thing. */
type ResumeRule = (firstReply: Message) => Message | undefined;

function idIn(payload: unknown, field: string): string | number | undefined {
  const id = (payload as Record<string, unknown> | undefined)?.[field];
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? id : undefined;
}

/** Each money-moving stream and the read-only call that follows it after a drop. */
export const FOLLOWED_BY = {
  buy: 'proposal_open_contract',
  p2p_order_create: 'p2p_order_info',
  p2p_advertiser_create: 'p2p_advertiser_info',
} as const;

const RESUME_RULES: Readonly<Record<keyof typeof FOLLOWED_BY, ResumeRule>> = {
  // The bought contract, by id: its proposal_open_contract stream is what `buy` streamed.
  buy: (reply) => {
    const contractId = idIn(reply.buy, 'contract_id');
    return contractId === undefined ? undefined : { [FOLLOWED_BY.buy]: 1, contract_id: contractId, subscribe: 1 };
  },
  // The order, by id: p2p_order_info streams the same updates.
  p2p_order_create: (reply) => {
    const id = idIn(reply.p2p_order_create, 'id');
    return id === undefined ? undefined : { [FOLLOWED_BY.p2p_order_create]: 1, id, subscribe: 1 };
  },
  // The advertiser is the account's own, so p2p_advertiser_info needs no id.
  p2p_advertiser_create: (reply) =>
    idIn(reply.p2p_advertiser_create, 'id') === undefined
      ? undefined
      : { [FOLLOWED_BY.p2p_advertiser_create]: 1, subscribe: 1 },
};

/** The money-moving calls that stream and have a way to be followed again. */
export const RESUMABLE_MONEY_STREAMS: readonly string[] = Object.keys(FOLLOWED_BY);

/**
 * The request that follows what a money-moving stream opened, given its first reply, or
 * undefined when it cannot be followed again (no rule, or the reply names no id).
 */
export function resumeRequestFor(call: string, firstReply: Message): Message | undefined {
  return (RESUME_RULES as Readonly<Record<string, ResumeRule>>)[call]?.(firstReply);
}

/**
 * Whether a stream follows one contract, which the server stops after its `is_sold: 1`
 * message: `buy` with `subscribe`, and `proposal_open_contract` for one `contract_id`.
 */
export function followsOneContract(call: string, request: Message): boolean {
  return call === 'buy' || (call === 'proposal_open_contract' && request.contract_id !== undefined);
}

/** Whether a stream message is the last of a contract stream: the contract is sold. */
export function isFinalContractMessage(message: Message): boolean {
  const contract = message.proposal_open_contract as { is_sold?: unknown } | undefined;
  return message.msg_type === 'proposal_open_contract' && contract?.is_sold === 1;
}
