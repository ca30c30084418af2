import { describe, expect, it } from 'vitest';
import { buildEndpointUrl, normaliseLanguage } from '../../src/protocol/url.js';

describe('endpoint URLs', () => {
  it('builds the wss URL with app_id, l and brand', () => {
    expect(buildEndpointUrl({ endpoint: 'ws.derivws.com', appId: 1089 })).toBe(
      'wss://ws.derivws.com/websockets/v3?app_id=1089&l=EN&brand=deriv',
    );
    expect(buildEndpointUrl({ endpoint: 'green.derivws.com', appId: '36544', lang: 'ZH_CN', brand: 'binary' })).toBe(
      'wss://green.derivws.com/websockets/v3?app_id=36544&l=ZH_CN&brand=binary',
    );
  });

  it('keeps a ws:// or wss:// scheme that is given', () => {
    expect(buildEndpointUrl({ endpoint: 'ws://127.0.0.1:8080', appId: 1089 })).toBe(
      'ws://127.0.0.1:8080/websockets/v3?app_id=1089&l=EN&brand=deriv',
    );
    expect(buildEndpointUrl({ endpoint: 'wss://qa10.deriv.dev/', appId: 1 })).toBe(
      'wss://qa10.deriv.dev/websockets/v3?app_id=1&l=EN&brand=deriv',
    );
  });

  it('normalises the language as the server does', () => {
    expect(normaliseLanguage('zh_cn')).toBe('ZH_CN');
    expect(normaliseLanguage('e1')).toBe('EN');
    expect(normaliseLanguage(undefined)).toBe('EN');
  });

  it('takes only two ASCII letters, optionally _ and two more, whatever their case; anything else is EN', () => {
    expect(normaliseLanguage('pt_br')).toBe('PT_BR');
    expect(normaliseLanguage('Es')).toBe('ES');
    for (const invalid of ['\r\n', '\r\n_\r\n', 'éé', 'ü', '  ', 'e-', 'EN_', 'en_u\n', '::', 'EN\n'])
      expect(normaliseLanguage(invalid)).toBe('EN');
  });
});
