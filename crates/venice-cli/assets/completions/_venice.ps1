
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'venice' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'venice'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'venice' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Draw new images from a prompt, or one per line of a prompts file')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit one or more images from a prompt')
            [CompletionResult]::new('multi-edit', 'multi-edit', [CompletionResultType]::ParameterValue, 'Edit a base image guided by layers or masks')
            [CompletionResult]::new('remove-bg', 'remove-bg', [CompletionResultType]::ParameterValue, 'Cut the subject out onto a transparent background')
            [CompletionResult]::new('upscale', 'upscale', [CompletionResultType]::ParameterValue, 'Upscale images by 2 or 4 (PNG out)')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Run one edit on several models at once and compare them on a page')
            [CompletionResult]::new('pipeline', 'pipeline', [CompletionResultType]::ParameterValue, 'Run steps in order on every input (cut out, enlarge, then edit...), resumable per step')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'List the edit models (or the upscaler) with their limits and prices')
            [CompletionResult]::new('styles', 'styles', [CompletionResultType]::ParameterValue, 'List the style presets `venice generate --style` takes')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the image tools to AI agents over the Model Context Protocol (stdio)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve OpenAI''s Images API (edits, models) over HTTP in front of Venice, for tools that speak it (Open WebUI, LibreChat, LiteLLM)')
            [CompletionResult]::new('wallet', 'wallet', [CompletionResultType]::ParameterValue, 'The x402 wallet that pays: its address, balance, transactions, and top-ups')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show how images were made: the provenance this tool writes into its outputs (operation, model, prompt, request id, cost, time)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective settings and where each came from (flag, environment, profile, config file, built-in)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'venice;generate' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'What to draw')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'What to draw')
            [CompletionResult]::new('--prompts', '--prompts', [CompletionResultType]::ParameterName, 'A file of prompts, one per line (empty lines and lines starting with # are skipped): one image (or --variants) per prompt, named from it, in --out-dir')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The generation model (`venice models --type image`) [default: venice-sd35]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The generation model (`venice models --type image`) [default: venice-sd35]')
            [CompletionResult]::new('--variants', '--variants', [CompletionResultType]::ParameterName, 'Images per prompt, 1 to 4, written as OUT-1, OUT-2, ... (each charged)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed (variant i uses SEED + i - 1); a random one otherwise, recorded in each output')
            [CompletionResult]::new('--negative-prompt', '--negative-prompt', [CompletionResultType]::ParameterName, 'What to keep out of the picture')
            [CompletionResult]::new('--aspect-ratio', '--aspect-ratio', [CompletionResultType]::ParameterName, 'Aspect ratio (1:1, 16:9, ...), for models that list ratios')
            [CompletionResult]::new('--resolution', '--resolution', [CompletionResultType]::ParameterName, 'Resolution tier (1K, 2K, 4K), for models that list tiers')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Quality, for models that list qualities')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Width in pixels, for models sized by width and height (up to 1280)')
            [CompletionResult]::new('--height', '--height', [CompletionResultType]::ParameterName, 'Height in pixels, for models sized by width and height (up to 1280)')
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Denoising steps, up to the model''s maximum')
            [CompletionResult]::new('--style', '--style', [CompletionResultType]::ParameterName, 'A style preset (`venice styles`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The images'' format [service default: webp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write results here (several inputs or a folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one JSON line per input to this file')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse a batch whose estimated cost is above this (USD)')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--hide-watermark', '--hide-watermark', [CompletionResultType]::ParameterName, 'Ask for no watermark (the service may still add one)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite outputs that exist (otherwise they are skipped)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;edit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'What to change, in plain words')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'What to change, in plain words')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--aspect-ratio', '--aspect-ratio', [CompletionResultType]::ParameterName, 'Output shape, as the model allows')
            [CompletionResult]::new('--resolution', '--resolution', [CompletionResultType]::ParameterName, 'Resolution tier (`1K`, `2K`, `4K`), as the model allows')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output encoding; the service picks PNG at 1K and JPEG above when unset')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write results here (several inputs or a folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one JSON line per input to this file')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse a batch whose estimated cost is above this (USD)')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--no-safe-mode', '--no-safe-mode', [CompletionResultType]::ParameterName, 'Do not blur adult content')
            [CompletionResult]::new('--enhance-prompt', '--enhance-prompt', [CompletionResultType]::ParameterName, 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower')
            [CompletionResult]::new('--no-thinking', '--no-thinking', [CompletionResultType]::ParameterName, 'Skip the model''s prompt-optimisation reasoning step, where it has one (faster)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite outputs that exist (otherwise they are skipped)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;multi-edit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'What to change, in plain words')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'What to change, in plain words')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Output quality, for models that have it')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--aspect-ratio', '--aspect-ratio', [CompletionResultType]::ParameterName, 'Output shape, as the model allows')
            [CompletionResult]::new('--resolution', '--resolution', [CompletionResultType]::ParameterName, 'Resolution tier (`1K`, `2K`, `4K`), as the model allows')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output encoding; the service picks PNG at 1K and JPEG above when unset')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write results here (several inputs or a folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one JSON line per input to this file')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse a batch whose estimated cost is above this (USD)')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--no-safe-mode', '--no-safe-mode', [CompletionResultType]::ParameterName, 'Do not blur adult content')
            [CompletionResult]::new('--enhance-prompt', '--enhance-prompt', [CompletionResultType]::ParameterName, 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower')
            [CompletionResult]::new('--no-thinking', '--no-thinking', [CompletionResultType]::ParameterName, 'Skip the model''s prompt-optimisation reasoning step, where it has one (faster)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite outputs that exist (otherwise they are skipped)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;remove-bg' {
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Flatten the cut-out onto a colour (white, #rrggbb) or an image (a path)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format [default: png]; jpeg needs --background (or --mask-only)')
            [CompletionResult]::new('--margin', '--margin', [CompletionResultType]::ParameterName, 'Space kept around the subject with --crop-to-subject: N% or Npx')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write results here (several inputs or a folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one JSON line per input to this file')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse a batch whose estimated cost is above this (USD)')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--crop-to-subject', '--crop-to-subject', [CompletionResultType]::ParameterName, 'Crop to the subject (the box of its opaque pixels)')
            [CompletionResult]::new('--mask-only', '--mask-only', [CompletionResultType]::ParameterName, 'Write the mask (the alpha as greyscale) instead of the cut-out')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite outputs that exist (otherwise they are skipped)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;upscale' {
            [CompletionResult]::new('--scale', '--scale', [CompletionResultType]::ParameterName, '2 or 4 times wider and higher [service default: 2]; 4 is lowered to 2 for inputs over 1,048,576 pixels (the output may have at most 16,777,216)')
            [CompletionResult]::new('--creativity', '--creativity', [CompletionResultType]::ParameterName, 'How much new detail the upscaler may invent, 0 to 0.02 [service default: 0.01]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file, or - for stdout (one input only)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write results here (several inputs or a folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once in a batch')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one JSON line per input to this file')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse a batch whose estimated cost is above this (USD)')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite outputs that exist (otherwise they are skipped)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders, keeping the structure')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;compare' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'What to change, in plain words (with --generate, what to draw)')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'What to change, in plain words (with --generate, what to draw)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed every generation model draws with (--generate) [default: a random one]')
            [CompletionResult]::new('--models', '--models', [CompletionResultType]::ParameterName, 'The models to compare, comma-separated, or `all`: every edit model (generation model with --generate) that accepts this request (the others are listed with the reason)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The edit model (`venice models` lists them); the service''s default when unset')
            [CompletionResult]::new('--aspect-ratio', '--aspect-ratio', [CompletionResultType]::ParameterName, 'Output shape, as the model allows')
            [CompletionResult]::new('--resolution', '--resolution', [CompletionResultType]::ParameterName, 'Resolution tier (`1K`, `2K`, `4K`), as the model allows')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output encoding; the service picks PNG at 1K and JPEG above when unset')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the results and index.html here [default: <stem>.compare beside the image; with --generate, <prompt>.compare in the working folder]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name each model''s result by this template, in the folder: {stem} {ext} {op} {model} {scale} {n} {date} [default: <model>.<ext>]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Requests at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests at once')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse when the estimated total is above this (USD)')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Body encoding')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Compare generation models: each draws the prompt (no input image), with the same seed')
            [CompletionResult]::new('--no-safe-mode', '--no-safe-mode', [CompletionResultType]::ParameterName, 'Do not blur adult content')
            [CompletionResult]::new('--enhance-prompt', '--enhance-prompt', [CompletionResultType]::ParameterName, 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower')
            [CompletionResult]::new('--no-thinking', '--no-thinking', [CompletionResultType]::ParameterName, 'Skip the model''s prompt-optimisation reasoning step, where it has one (faster)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an earlier comparison in that folder')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported')
            [CompletionResult]::new('--keep-metadata-in-upload', '--keep-metadata-in-upload', [CompletionResultType]::ParameterName, 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are')
            [CompletionResult]::new('--keep-gps', '--keep-gps', [CompletionResultType]::ParameterName, 'Keep the input''s GPS position in the output (it is dropped by default)')
            [CompletionResult]::new('--strip-metadata', '--strip-metadata', [CompletionResultType]::ParameterName, 'Write none of the input''s metadata (ICC profile, EXIF, XMP) into outputs')
            [CompletionResult]::new('--no-provenance', '--no-provenance', [CompletionResultType]::ParameterName, 'Do not record how an output was made (operation, model, prompt, request id, cost) in it')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;pipeline' {
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'A step, as the command''s own words (`remove-bg`, `upscale --scale 2`), instead of a recipe file; repeat it for each step, in order')
            [CompletionResult]::new('--prompts', '--prompts', [CompletionResultType]::ParameterName, 'One chain per non-empty line of this file (`#` lines skipped): the prompts of a recipe whose first step is `generate` (then no images)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the final results here (and keep each step''s results in its hidden .venice-pipeline folder) [default: beside each input]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Inputs going through their steps at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Inputs going through their steps at once')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'One JSON line per step per input to this file')
            [CompletionResult]::new('--gallery', '--gallery', [CompletionResultType]::ParameterName, 'A page of every stage of every input side by side')
            [CompletionResult]::new('--max-cost', '--max-cost', [CompletionResultType]::ParameterName, 'Refuse when the estimated cost of the steps left to run is above this (USD), before anything is sent')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk folders into their sub-folders')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace final outputs this pipeline did not write')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'After the first pass, keep watching the folders and run the steps on each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)')
            [CompletionResult]::new('--clean', '--clean', [CompletionResultType]::ParameterName, 'Remove each input''s kept step results once its final output is written (a rerun then skips it as done, but a changed recipe runs it whole)')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;models' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Which models: the edit models, or the upscaler and its price per scale')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;styles' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;mcp' {
            [CompletionResult]::new('--max-cost-per-call', '--max-cost-per-call', [CompletionResultType]::ParameterName, 'Refuse any tool call whose estimated cost is above this (USD)')
            [CompletionResult]::new('--max-cost-total', '--max-cost-total', [CompletionResultType]::ParameterName, 'Refuse a tool call that would bring the estimated cost of this server''s successful calls above this (USD)')
            [CompletionResult]::new('--allow-dir', '--allow-dir', [CompletionResultType]::ParameterName, 'A folder the tools may read and write (repeatable); without it, the working folder. Roots the client offers are allowed too (in place of the working folder)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The edit model when a call names none [default: the service''s]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format of edits when a call names none')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How request bodies are sent when a call does not say')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'The address and port to listen on; beyond loopback only with a token')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'A file holding the token clients must present as `Authorization: Bearer TOKEN` (or set VENICE_SERVE_TOKEN)')
            [CompletionResult]::new('--max-cost-per-request', '--max-cost-per-request', [CompletionResultType]::ParameterName, 'Refuse a request whose estimated cost (all `n` images) is above this (USD)')
            [CompletionResult]::new('--max-cost-per-day', '--max-cost-per-day', [CompletionResultType]::ParameterName, 'Refuse requests once the estimated cost of today''s calls (UTC) would pass this (USD); kept across restarts in the state folder')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Calls to Venice at once, shared by every client (the others queue)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Calls to Venice at once, shared by every client (the others queue)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The Venice edit model for requests that name none or an OpenAI model [default: the service''s]')
            [CompletionResult]::new('--model-alias', '--model-alias', [CompletionResultType]::ParameterName, 'Map a model name clients send to a Venice model (repeatable), e.g. `gpt-image-1=qwen-image-edit`; OpenAI''s image models map to --model')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; more wait to be accepted')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The start of the links `response_format=url` answers with (behind a proxy) [default: http://<the request''s Host>]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;wallet' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('address', 'address', [CompletionResultType]::ParameterValue, 'Print the wallet''s address (never its key)')
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Show the wallet''s balance')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'List the wallet''s transactions, newest first')
            [CompletionResult]::new('top-up', 'top-up', [CompletionResultType]::ParameterValue, 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'venice;wallet;address' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;wallet;balance' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;wallet;transactions' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many (1 to 100)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'How many to skip')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;wallet;top-up' {
            [CompletionResult]::new('--max-top-up', '--max-top-up', [CompletionResultType]::ParameterName, 'Refuse a top-up above this, before anything is signed (USD)')
            [CompletionResult]::new('--pay-to', '--pay-to', [CompletionResultType]::ParameterName, 'The address the payment must go to: refused, before anything is signed, when the service''s offer names another')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (with a base URL other than Venice''s, --pay-to is needed too)')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;wallet;help' {
            [CompletionResult]::new('address', 'address', [CompletionResultType]::ParameterValue, 'Print the wallet''s address (never its key)')
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Show the wallet''s balance')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'List the wallet''s transactions, newest first')
            [CompletionResult]::new('top-up', 'top-up', [CompletionResultType]::ParameterValue, 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'venice;wallet;help;address' {
            break
        }
        'venice;wallet;help;balance' {
            break
        }
        'venice;wallet;help;transactions' {
            break
        }
        'venice;wallet;help;top-up' {
            break
        }
        'venice;wallet;help;help' {
            break
        }
        'venice;inspect' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;config' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;completions' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;man' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of VENICE_API_KEY)')
            [CompletionResult]::new('--wallet-key-file', '--wallet-key-file', [CompletionResultType]::ParameterName, 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line')
            [CompletionResult]::new('--wallet-keystore', '--wallet-keystore', [CompletionResultType]::ParameterName, 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'Which credential pays when both an API key and a wallet are set')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the settings of [profiles.NAME] in the config file')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for one attempt of any request, upload and answer included')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Serve every request from the built-in emulator: no key, no network (results are the emulator''s, not Venice''s)')
            [CompletionResult]::new('--refresh-models', '--refresh-models', [CompletionResultType]::ParameterName, 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform''s cache folder, fresh for an hour unless the service says otherwise)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be sent and what it would cost; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per result on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: request ids, attempts, waits')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'venice;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Draw new images from a prompt, or one per line of a prompts file')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit one or more images from a prompt')
            [CompletionResult]::new('multi-edit', 'multi-edit', [CompletionResultType]::ParameterValue, 'Edit a base image guided by layers or masks')
            [CompletionResult]::new('remove-bg', 'remove-bg', [CompletionResultType]::ParameterValue, 'Cut the subject out onto a transparent background')
            [CompletionResult]::new('upscale', 'upscale', [CompletionResultType]::ParameterValue, 'Upscale images by 2 or 4 (PNG out)')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Run one edit on several models at once and compare them on a page')
            [CompletionResult]::new('pipeline', 'pipeline', [CompletionResultType]::ParameterValue, 'Run steps in order on every input (cut out, enlarge, then edit...), resumable per step')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'List the edit models (or the upscaler) with their limits and prices')
            [CompletionResult]::new('styles', 'styles', [CompletionResultType]::ParameterValue, 'List the style presets `venice generate --style` takes')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the image tools to AI agents over the Model Context Protocol (stdio)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve OpenAI''s Images API (edits, models) over HTTP in front of Venice, for tools that speak it (Open WebUI, LibreChat, LiteLLM)')
            [CompletionResult]::new('wallet', 'wallet', [CompletionResultType]::ParameterValue, 'The x402 wallet that pays: its address, balance, transactions, and top-ups')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show how images were made: the provenance this tool writes into its outputs (operation, model, prompt, request id, cost, time)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective settings and where each came from (flag, environment, profile, config file, built-in)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'venice;help;generate' {
            break
        }
        'venice;help;edit' {
            break
        }
        'venice;help;multi-edit' {
            break
        }
        'venice;help;remove-bg' {
            break
        }
        'venice;help;upscale' {
            break
        }
        'venice;help;compare' {
            break
        }
        'venice;help;pipeline' {
            break
        }
        'venice;help;models' {
            break
        }
        'venice;help;styles' {
            break
        }
        'venice;help;mcp' {
            break
        }
        'venice;help;serve' {
            break
        }
        'venice;help;wallet' {
            [CompletionResult]::new('address', 'address', [CompletionResultType]::ParameterValue, 'Print the wallet''s address (never its key)')
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Show the wallet''s balance')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'List the wallet''s transactions, newest first')
            [CompletionResult]::new('top-up', 'top-up', [CompletionResultType]::ParameterValue, 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything')
            break
        }
        'venice;help;wallet;address' {
            break
        }
        'venice;help;wallet;balance' {
            break
        }
        'venice;help;wallet;transactions' {
            break
        }
        'venice;help;wallet;top-up' {
            break
        }
        'venice;help;inspect' {
            break
        }
        'venice;help;config' {
            break
        }
        'venice;help;completions' {
            break
        }
        'venice;help;man' {
            break
        }
        'venice;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
