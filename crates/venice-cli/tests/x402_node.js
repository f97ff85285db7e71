// Venice's own x402 client (npm `venice-x402-client`, by Venice AI) and an
// independent Ed25519 library (npm `tweetnacl`) against venice's emulator
// and venice's own headers. Run by crates/venice-cli/tests/cli/wallet_compat.rs
// with NODE_PATH at the packages .ci/run installs (target/x402-node).
// Prints one JSON object on stdout.
//
//   client ORIGIN KEY PNG  Venice's client: balance, an edit, transactions,
//                          a $5 top-up, then the same payment header again.
//   upload ORIGIN          Node's fetch sends an 8 MB multipart edit with no
//                          credentials, then with a bad sign-in: the statuses.
//   solana-sign SEEDHEX    A Solana sign-in signed by tweetnacl, and a forged one.
//   solana-verify HEADER   tweetnacl's verdict on a Solana SIGN-IN-WITH-X header.
'use strict';

const nacl = require('tweetnacl');

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function b58encode(bytes) {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

function b58decode(text) {
  let n = 0n;
  for (const c of text) {
    const i = B58.indexOf(c);
    if (i < 0) throw new Error('not base58');
    n = n * 58n + BigInt(i);
  }
  const bytes = [];
  while (n > 0n) {
    bytes.unshift(Number(n % 256n));
    n /= 256n;
  }
  for (const c of text) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

const print = (v) => process.stdout.write(JSON.stringify(v) + '\n');

async function client(origin, key, png) {
  const { VeniceClient } = require('venice-x402-client');
  const realFetch = globalThis.fetch;
  let payment = null;
  globalThis.fetch = async (input, init) => {
    const h = new Headers(init && init.headers);
    if (h.get('X-402-Payment')) payment = h.get('X-402-Payment');
    return realFetch(input, init);
  };
  const venice = new VeniceClient(key, { apiUrl: origin });
  const out = { address: venice.address };
  out.before = (await venice.getBalance()).balanceUsd;
  const image = require('fs').readFileSync(png).toString('base64');
  const edited = await venice.images.edit({ image, prompt: 'night' });
  out.edited = edited instanceof Blob ? edited.size : -1;
  const page = await venice.getTransactions({ limit: 10 });
  out.transactions = page && Array.isArray(page.transactions) ? page.transactions.map((t) => t.type) : null;
  out.currentBalance = page ? page.currentBalance : null;
  await venice.topUp(5);
  out.afterTopUp = (await venice.getBalance()).balanceUsd;
  out.payment = payment ? JSON.parse(Buffer.from(payment, 'base64').toString()) : null;
  if (out.payment) delete out.payment.payload;
  const replay = await realFetch(`${origin}/api/v1/x402/top-up`, { method: 'POST', headers: { 'X-402-Payment': payment } });
  out.replayStatus = replay.status;
  out.afterReplay = (await venice.getBalance()).balanceUsd;
  print(out);
}

async function upload(origin) {
  const form = new FormData();
  form.append('image', new Blob([Buffer.alloc(8 * 1024 * 1024, 7)], { type: 'image/png' }), 'big.png');
  form.append('prompt', 'night');
  const out = {};
  for (const [name, headers] of [['none', {}], ['bad', { 'SIGN-IN-WITH-X': 'garbage' }]]) {
    try {
      const r = await fetch(`${origin}/api/v1/image/edit`, { method: 'POST', body: form, headers });
      out[name] = { status: r.status, body: await r.json() };
    } catch (e) {
      out[name] = { error: String(e.cause ? e.cause.code || e.cause : e) };
    }
  }
  print(out);
}

function solanaSign(seedHex) {
  const pair = nacl.sign.keyPair.fromSeed(Uint8Array.from(Buffer.from(seedHex, 'hex')));
  const address = b58encode(pair.publicKey);
  const now = new Date();
  const later = new Date(now.getTime() + 240000);
  const nonce = Buffer.from(nacl.randomBytes(8)).toString('hex');
  const message = [
    `api.venice.ai wants you to sign in with your Solana account:`,
    address,
    '',
    'Sign in to Venice AI',
    '',
    'URI: https://api.venice.ai',
    'Version: 1',
    'Chain ID: 5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
    `Nonce: ${nonce}`,
    `Issued At: ${now.toISOString()}`,
    `Expiration Time: ${later.toISOString()}`,
  ].join('\n');
  const signature = nacl.sign.detached(Buffer.from(message, 'utf8'), pair.secretKey);
  const header = (msg, sig) =>
    Buffer.from(JSON.stringify({
      address, message: msg, signature: sig, timestamp: now.getTime(),
      chainId: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp', type: 'ed25519',
    })).toString('base64');
  print({
    address,
    header: header(message, b58encode(signature)),
    base64: header(message, Buffer.from(signature).toString('base64')),
    forged: header(message.replace(nonce, nonce.split('').reverse().join('')), b58encode(signature)),
  });
}

function solanaVerify(value) {
  const p = JSON.parse(Buffer.from(value, 'base64').toString());
  let sig;
  try {
    sig = b58decode(p.signature);
  } catch {
    sig = Uint8Array.from(Buffer.from(p.signature, 'base64'));
  }
  const ok = nacl.sign.detached.verify(Buffer.from(p.message, 'utf8'), sig, b58decode(p.address));
  const issued = /\nIssued At: (.*)/.exec(p.message);
  print({
    ok, address: p.address, type: p.type, chainId: p.chainId, timestamp: p.timestamp,
    issuedAt: issued ? Date.parse(issued[1]) : null, firstLine: p.message.split('\n')[0],
  });
}

const [cmd, ...args] = process.argv.slice(2);
const run = { client, upload, 'solana-sign': solanaSign, 'solana-verify': solanaVerify }[cmd];
if (!run) {
  process.stderr.write(`unknown command ${cmd}\n`);
  process.exit(2);
}
Promise.resolve(run(...args)).catch((e) => {
  process.stderr.write(`${e.stack || e}\n${JSON.stringify(e.details || {})}\n`);
  process.exit(1);
});
