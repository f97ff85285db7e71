// Drives `venice serve` with the official OpenAI Node SDK (npm `openai`, a
// client no one in this project wrote). Run by
// crates/venice-cli/tests/cli/serve.rs with NODE_PATH at the package .ci/run
// installs (target/openai-node).
//
// Reads a JSON spec on stdin: {"base_url", "api_key", "image": PATH}. Makes
// `images.edit` with that one image, then `images.generate` with n=2, and
// prints one JSON object: {"edit": ANSWER, "generate": ANSWER}, where a
// failure is {"error": {"status", "param", "message"}}.
'use strict';

const fs = require('node:fs');
const { OpenAI, toFile } = require('openai');

async function attempt(call) {
  try {
    return await call();
  } catch (e) {
    const body = (e && e.error) || {};
    return { error: { status: e.status ?? null, param: body.param ?? null, message: String(e.message || e) } };
  }
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
  const client = new OpenAI({ baseURL: spec.base_url, apiKey: spec.api_key, maxRetries: 0, timeout: 60000 });
  const edit = await attempt(async () =>
    client.images.edit({
      model: 'gpt-image-1',
      image: await toFile(fs.createReadStream(spec.image), 'photo.png', { type: 'image/png' }),
      prompt: 'make it night',
    }),
  );
  const generate = await attempt(() =>
    client.images.generate({ model: 'dall-e-3', prompt: 'a lighthouse at dusk', n: 2, output_format: 'png' }),
  );
  process.stdout.write(JSON.stringify({ edit, generate }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
