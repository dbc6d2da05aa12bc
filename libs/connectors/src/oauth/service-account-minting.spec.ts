import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { ManualClock, startGoogleOAuthSimulator, type GoogleOAuthSimulatorControl, type RunningSimulator } from '@causeway/simulators';
import { catalog } from '../catalog';
import { isMintingMode, mintAccessToken, type MintingMode } from './token-minting';

function serviceAccountMode(): MintingMode {
  const mode = catalog.provider('google_drive')?.authModes.find((m) => m.id === 'service_account');
  if (!mode || !isMintingMode(mode)) throw new Error('google_drive has no service account mode');
  return mode;
}

/** Google Drive's service-account mode, as the connectors library mints it, against the simulated token endpoint. */
describe('the Google OAuth simulator and service-account assertions', () => {
  let sim: RunningSimulator<GoogleOAuthSimulatorControl>;
  let privateKey: string;
  const clock = new ManualClock(Date.now());
  const email = 'robot@acme-project.iam.gserviceaccount.com';
  const scopes = ['https://www.googleapis.com/auth/drive.readonly'];

  beforeAll(async () => {
    sim = await startGoogleOAuthSimulator({ clock });
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = await exportPKCS8(pair.privateKey);
    sim.control.addServiceAccount({ email, keyId: 'key-1', publicKeyPem: await exportSPKI(pair.publicKey) });
  });
  afterAll(() => sim.stop());

  const mint = (overrides: Partial<Parameters<typeof mintAccessToken>[1]> = {}, now = () => clock.now()) =>
    mintAccessToken(serviceAccountMode(), { clientId: email, privateKey, keyId: 'key-1', scopes, ...overrides }, `${sim.url}/token`, { now });

  it('mints a token carrying the asked scopes, valid an hour on the vendor clock', async () => {
    const minted = await mint();
    if (!minted.ok) throw new Error(minted.error.message);
    expect(minted.value.expiresAt).toBe(clock.now() + 3599_000);
    const info = (await (await fetch(`${sim.url}/tokeninfo?access_token=${minted.value.accessToken}`)).json()) as Record<string, string>;
    expect(info).toMatchObject({ azp: email, scope: scopes[0] });
    clock.advance(3600_000);
    expect((await fetch(`${sim.url}/tokeninfo?access_token=${minted.value.accessToken}`)).status).toBe(400);
  });

  it('refuses an unknown account, a missing scope, and a signer clock an hour off', async () => {
    expect(await mint({ clientId: 'nobody@x.iam.gserviceaccount.com' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('account not found') },
    });
    expect(await mint({ scopes: [] })).toMatchObject({ ok: false, error: { vendorCode: 'invalid_scope' } });
    expect(await mint({}, () => clock.now() - 2 * 3600_000)).toMatchObject({ ok: false, error: { message: expect.stringContaining('short-lived token') } });
  });

  it('refuses to impersonate a Workspace user without domain-wide delegation', async () => {
    expect(await mint({ subject: 'ada@acme.example' })).toMatchObject({ ok: false, error: { vendorCode: 'unauthorized_client' } });
  });

  it('refuses an assertion signed by another key', async () => {
    const other = await generateKeyPair('RS256', { extractable: true });
    expect(await mint({ privateKey: await exportPKCS8(other.privateKey) })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Invalid JWT Signature.') },
    });
  });
});
