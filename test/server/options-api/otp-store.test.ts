import { describe, expect, it } from 'vitest';
import { MemoryOtpStore, newOtp, type OtpGrant } from '../../../src/server/options-api/otp-store.js';
import { ManualClock } from '../../support/manual-clock.js';

const grantAt = (nowMs: number): OtpGrant => ({
  loginid: 'VRTC800001',
  userId: 1,
  scopes: ['read', 'trade'],
  appId: 'app',
  channel: 'demo',
  expiresAtMs: nowMs + 120_000,
});

describe('MemoryOtpStore', () => {
  it('gives a grant once, until its expiry on the clock it was given', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const otps = new MemoryOtpStore(clock);
    const [once, late] = [newOtp(), newOtp()];
    expect(once).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await otps.issue(once, grantAt(clock.now()));
    await otps.issue(late, grantAt(clock.now()));
    expect(await otps.redeem(once)).toMatchObject({ loginid: 'VRTC800001' });
    expect(await otps.redeem(once)).toBeUndefined();
    clock.advance(120_000);
    expect(await otps.redeem(late)).toBeUndefined();
  });

  it('keeps live OTPs through its sweeps, and drops the expired ones', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const otps = new MemoryOtpStore(clock);
    const old = Array.from({ length: 100 }, newOtp);
    for (const otp of old) await otps.issue(otp, grantAt(clock.now()));
    clock.advance(60_000);
    const live = Array.from({ length: 300 }, newOtp);
    for (const otp of live) await otps.issue(otp, grantAt(clock.now()));
    clock.advance(60_000);
    // The first hundred are past their 120 s; the rest are 60 s old, kept through every sweep.
    for (const otp of old.slice(0, 5)) expect(await otps.redeem(otp)).toBeUndefined();
    for (const otp of live) expect(await otps.redeem(otp)).toBeDefined();
  });

  it('expireAll() turns away everything issued so far, not what comes after (in the same millisecond too)', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const otps = new MemoryOtpStore(clock);
    const before = newOtp();
    await otps.issue(before, grantAt(clock.now()));
    await otps.expireAll();
    const after = newOtp();
    await otps.issue(after, grantAt(clock.now()));
    expect(await otps.redeem(before)).toBeUndefined();
    expect(await otps.redeem(after)).toBeDefined();
  });
});
