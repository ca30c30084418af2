/**
 * Compile-time tests of the client's types, checked by `tsc` in `npm run typecheck` (so by
 * `npm test`). A wrong type here fails the build; nothing here runs.
 */
import type {
  AuthorizeResponse,
  PingResponse,
  ServerTimeResponse,
  TicksHistoryResponse,
  WebsiteStatus,
} from '@deriv/api-types';
import {
  isKnownErrorCode,
  type DerivClient,
  type DerivError,
  type KnownErrorCode,
  type ResponseFor,
  type UntypedResponse,
} from '../../src/client/node.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Extends<A, B> = [A] extends [B] ? true : false;
function assert<_T extends true>(): void {}

export async function sendIsTypedFromTheCallKey(client: DerivClient): Promise<void> {
  const ping = await client.send({ ping: 1 });
  assert<Extends<typeof ping, PingResponse>>();
  assert<Equal<typeof ping.ping, 'pong'>>();
  assert<Equal<typeof ping.msg_type, 'ping'>>();

  const time = await client.send({ time: 1 });
  assert<Extends<typeof time, ServerTimeResponse>>();
  assert<Equal<typeof time.time, number>>();

  const status = await client.send({ website_status: 1, subscribe: 0 });
  assert<Equal<typeof status.website_status, WebsiteStatus>>();

  assert<Extends<Awaited<ReturnType<typeof client.send<{ authorize: string }>>>, AuthorizeResponse>>();
  const history = await client.send({ ticks_history: 'R_50', end: 'latest' });
  assert<Extends<typeof history, TicksHistoryResponse>>();
}

export function aFieldThatIsAlsoACallNameDoesNotChangeTheCall(): void {
  assert<Equal<ResponseFor<{ active_symbols: 'brief'; landing_company: 'svg' }>['msg_type'], 'active_symbols'>>();
  assert<Equal<ResponseFor<{ landing_company: 'svg' }>['msg_type'], 'landing_company'>>();
}

export async function callsWithoutPublishedTypesAreUntyped(client: DerivClient): Promise<void> {
  const reply = await client.send({ connect_status: 1 });
  assert<Equal<typeof reply, UntypedResponse>>();
}

export function badRequestsDoNotCompile(client: DerivClient): void {
  // @ts-expect-error not a call
  void client.send({ pnig: 1 });
  // @ts-expect-error ping takes 1 only
  void client.send({ ping: 2 });
  // @ts-expect-error the client owns req_id
  void client.send({ ping: 1, req_id: 3 });
  // @ts-expect-error passthrough is an object
  void client.send({ ping: 1, passthrough: 'x' });
}

export function errorCodesAreAUnionOfTheKnownCodes(error: DerivError): void {
  assert<Extends<KnownErrorCode, DerivError['code']>>();
  assert<
    Extends<
      | 'AuthorizationRequired'
      | 'InvalidToken'
      | 'PermissionDenied'
      | 'RateLimit'
      | 'AlreadySubscribed'
      | 'InputValidationFailed',
      KnownErrorCode
    >
  >();
  // @ts-expect-error not a known code
  assert<Extends<'AuthorisationRequired', KnownErrorCode>>();
  // The guard narrows to the closed union, so a switch over it can be exhaustive.
  if (isKnownErrorCode(error.code)) {
    assert<Equal<typeof error.code, KnownErrorCode>>();
  }
}

export async function subscriptionsAreTyped(client: DerivClient): Promise<void> {
  for await (const message of client.subscribe({ ticks: 'R_50' })) {
    assert<Equal<typeof message.msg_type, 'tick'>>();
    const epoch: number | undefined = message.tick.epoch;
    void epoch;
  }
  for await (const message of client.subscribe({ ticks_history: 'R_50', end: 'latest' })) {
    assert<Equal<typeof message.msg_type, 'history' | 'tick' | 'candles' | 'ohlc'>>();
  }
  for await (const message of client.subscribe({ balance: 1 })) {
    assert<Equal<typeof message.msg_type, 'balance'>>();
    const amount: number = message.balance.balance;
    void amount;
  }
  // @ts-expect-error ping does not stream
  client.subscribe({ ping: 1 });
}
