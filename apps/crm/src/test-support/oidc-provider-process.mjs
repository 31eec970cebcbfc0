// A real, certified OpenID provider (oidc-provider) for the single sign-on tests, run by `node` as
// a child process (it is an ES module; the tests run as CommonJS) on a random 127.0.0.1 port.
// argv[2]: JSON { clientId, clientSecret, redirectUri }. Prints { issuer } once it listens.
// Beside the provider's own endpoints, a test-only API: PUT/DELETE /test/accounts/<sub> (the
// people it knows, with their claims), POST /test/tamper?mode=signature|nonce (the next ID token
// is altered: a claim changed without re-signing, or a nonce changed and properly re-signed), and
// POST /interaction/<uid>/login?sub=<sub> (the person signs in and consents); a browser asking
// for the interaction page gets a small form posting the same.
import { createServer } from 'node:http';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const { clientId, clientSecret, redirectUri } = JSON.parse(process.argv[2]);
const accounts = new Map();
let tamper = null;

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      // Where the CRM sends the browser back after signing out here (its default: the console's /signin).
      post_logout_redirect_uris: [new URL('/signin', redirectUri).href],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['oidc-test-cookie-signing-key'] },
  findAccount: (_ctx, sub) =>
    accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  // Refresh tokens without offline_access: the CRM's re-check uses them. Each is good for one
  // use (as strict providers have it): a second use is refused and ends the grant.
  issueRefreshToken: () => true,
  rotateRefreshToken: () => true,
});

provider.use(async (ctx, next) => {
  await next();
  if (!tamper || ctx.path !== '/token' || !ctx.body?.id_token) return;
  const [header, payload, signature] = ctx.body.id_token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (tamper === 'signature') {
    claims.email = 'someone.else@ledger.test';
    ctx.body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  } else {
    claims.nonce = 'not-the-nonce-the-crm-sent';
    const protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    ctx.body.id_token = await new jose.SignJWT(claims).setProtectedHeader(protectedHeader).sign(privateKey);
  }
  tamper = null;
});

const handle = provider.callback();

async function text(req) {
  let all = '';
  for await (const chunk of req) all += chunk;
  return all;
}

async function body(req) {
  const all = await text(req);
  return all ? JSON.parse(all) : {};
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function login(req, res, sub) {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.prompt.name === 'login' ? sub : details.session?.accountId;
  if (!accounts.has(accountId)) return json(res, 400, { error: `no account '${accountId}'` });
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

server.on('request', async (req, res) => {
  const url = new URL(req.url, issuer);
  try {
    const account = url.pathname.match(/^\/test\/accounts\/([^/]+)$/);
    if (account && req.method === 'PUT') {
      accounts.set(decodeURIComponent(account[1]), await body(req));
      return json(res, 204, {});
    }
    if (account && req.method === 'DELETE') {
      accounts.delete(decodeURIComponent(account[1]));
      return json(res, 204, {});
    }
    if (url.pathname === '/test/tamper' && req.method === 'POST') {
      tamper = url.searchParams.get('mode');
      return json(res, 204, {});
    }
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction?.[2] && req.method === 'POST') {
      const form = new URLSearchParams(await text(req));
      return await login(req, res, url.searchParams.get('sub') ?? form.get('sub'));
    }
    if (interaction && req.method === 'GET') {
      const details = await provider.interactionDetails(req, res);
      if (!(req.headers.accept ?? '').includes('text/html')) {
        return json(res, 200, { uid: details.uid, prompt: details.prompt.name });
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Ledger ID</title><form method="post" action="/interaction/${details.uid}/login">` +
          '<label>Account <input name="sub" id="sub"></label><button type="submit">Continue</button></form>',
      );
    }
    return handle(req, res);
  } catch (error) {
    json(res, 500, { error: String(error) });
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
