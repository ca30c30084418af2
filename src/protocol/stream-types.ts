/**
 * The `forget_all` type a stream answers to, from the request that opened it (reference §6:
 * `ticks` covers `ticks` and tick `ticks_history`; `candles` the OHLC streams; p2p streams go by
 * what they follow). Undefined for a stream no `forget_all` type names.
 */
export function streamTypeOf(call: string, request: Record<string, unknown>): string | undefined {
  switch (call) {
    case 'ticks':
      return 'ticks';
    case 'ticks_history':
      return request.style === 'candles' || (request.style === undefined && request.granularity !== undefined) ? 'candles' : 'ticks';
    case 'buy':
    case 'proposal_open_contract':
      return 'proposal_open_contract';
    case 'p2p_advert_info':
      return 'p2p_advert';
    case 'p2p_advertiser_create':
    case 'p2p_advertiser_info':
      return 'p2p_advertiser';
    case 'p2p_order_create':
    case 'p2p_order_info':
    case 'p2p_order_list':
      return 'p2p_order';
    case 'balance':
    case 'proposal':
    case 'transaction':
    case 'website_status':
    case 'p2p_settings':
    case 'crypto_estimations':
      return call;
    default:
      return undefined;
  }
}
