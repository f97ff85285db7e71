# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_venice_global_optspecs
    string join \n base-url= api-key-file= allow-insecure-http wallet-key-file= wallet-keystore= auth= offline refresh-models profile= max-retries= timeout= dry-run json v/verbose q/quiet h/help V/version
end

function __fish_venice_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_venice_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_venice_using_subcommand
    set -l cmd (__fish_venice_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c venice -n "__fish_venice_needs_command" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_needs_command" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_needs_command" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_needs_command" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_needs_command" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_needs_command" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_needs_command" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_needs_command" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_needs_command" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_needs_command" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_needs_command" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_needs_command" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_needs_command" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_needs_command" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_needs_command" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_needs_command" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_needs_command" -f -a "generate" -d 'Draw new images from a prompt, or one per line of a prompts file'
complete -c venice -n "__fish_venice_needs_command" -f -a "edit" -d 'Edit one or more images from a prompt'
complete -c venice -n "__fish_venice_needs_command" -f -a "multi-edit" -d 'Edit a base image guided by layers or masks'
complete -c venice -n "__fish_venice_needs_command" -f -a "remove-bg" -d 'Cut the subject out onto a transparent background'
complete -c venice -n "__fish_venice_needs_command" -f -a "upscale" -d 'Upscale images by 2 or 4 (PNG out)'
complete -c venice -n "__fish_venice_needs_command" -f -a "compare" -d 'Run one edit on several models at once and compare them on a page'
complete -c venice -n "__fish_venice_needs_command" -f -a "pipeline" -d 'Run steps in order on every input (cut out, enlarge, then edit...), resumable per step'
complete -c venice -n "__fish_venice_needs_command" -f -a "models" -d 'List the edit models (or the upscaler) with their limits and prices'
complete -c venice -n "__fish_venice_needs_command" -f -a "styles" -d 'List the style presets `venice generate --style` takes'
complete -c venice -n "__fish_venice_needs_command" -f -a "mcp" -d 'Serve the image tools to AI agents over the Model Context Protocol (stdio)'
complete -c venice -n "__fish_venice_needs_command" -f -a "serve" -d 'Serve OpenAI\'s Images API (edits, models) over HTTP in front of Venice, for tools that speak it (Open WebUI, LibreChat, LiteLLM)'
complete -c venice -n "__fish_venice_needs_command" -f -a "wallet" -d 'The x402 wallet that pays: its address, balance, transactions, and top-ups'
complete -c venice -n "__fish_venice_needs_command" -f -a "inspect" -d 'Show how images were made: the provenance this tool writes into its outputs (operation, model, prompt, request id, cost, time)'
complete -c venice -n "__fish_venice_needs_command" -f -a "config" -d 'Show the effective settings and where each came from (flag, environment, profile, config file, built-in)'
complete -c venice -n "__fish_venice_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c venice -n "__fish_venice_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c venice -n "__fish_venice_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c venice -n "__fish_venice_using_subcommand generate" -s p -l prompt -d 'What to draw' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l prompts -d 'A file of prompts, one per line (empty lines and lines starting with # are skipped): one image (or --variants) per prompt, named from it, in --out-dir' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -s m -l model -d 'The generation model (`venice models --type image`) [default: venice-sd35]' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l variants -d 'Images per prompt, 1 to 4, written as OUT-1, OUT-2, ... (each charged)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l seed -d 'The seed (variant i uses SEED + i - 1); a random one otherwise, recorded in each output' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l negative-prompt -d 'What to keep out of the picture' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l aspect-ratio -d 'Aspect ratio (1:1, 16:9, ...), for models that list ratios' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l resolution -d 'Resolution tier (1K, 2K, 4K), for models that list tiers' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l quality -d 'Quality, for models that list qualities' -r -f -a "low\t''
medium\t''
high\t''"
complete -c venice -n "__fish_venice_using_subcommand generate" -l width -d 'Width in pixels, for models sized by width and height (up to 1280)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l height -d 'Height in pixels, for models sized by width and height (up to 1280)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l steps -d 'Denoising steps, up to the model\'s maximum' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l style -d 'A style preset (`venice styles`)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l format -d 'The images\' format [service default: webp]' -r -f -a "jpeg\t''
png\t''
webp\t''"
complete -c venice -n "__fish_venice_using_subcommand generate" -s o -l output -d 'Output file, or - for stdout (one input only)' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l out-dir -d 'Write results here (several inputs or a folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l name -d 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -s j -l jobs -d 'Requests at once in a batch' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l report -d 'Write one JSON line per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l max-cost -d 'Refuse a batch whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l gallery -d 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand generate" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand generate" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand generate" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand generate" -l hide-watermark -d 'Ask for no watermark (the service may still add one)'
complete -c venice -n "__fish_venice_using_subcommand generate" -l force -d 'Overwrite outputs that exist (otherwise they are skipped)'
complete -c venice -n "__fish_venice_using_subcommand generate" -s r -l recursive -d 'Walk folders into their sub-folders, keeping the structure'
complete -c venice -n "__fish_venice_using_subcommand generate" -l watch -d 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand generate" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand generate" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand generate" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand generate" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand generate" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand generate" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand generate" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand generate" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand generate" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand generate" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand generate" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand generate" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand generate" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand edit" -s p -l prompt -d 'What to change, in plain words' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -s m -l model -d 'The edit model (`venice models` lists them); the service\'s default when unset' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l aspect-ratio -d 'Output shape, as the model allows' -r -f -a "auto\t''
1:1\t''
3:2\t''
16:9\t''
21:9\t''
9:16\t''
2:3\t''
3:4\t''
4:5\t''"
complete -c venice -n "__fish_venice_using_subcommand edit" -l resolution -d 'Resolution tier (`1K`, `2K`, `4K`), as the model allows' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l format -d 'Output encoding; the service picks PNG at 1K and JPEG above when unset' -r -f -a "jpeg\t''
png\t''
webp\t''"
complete -c venice -n "__fish_venice_using_subcommand edit" -l mask -d 'Confine the edit to a mask (an image; see --mask-convention): the result is the input outside it, pixel for pixel, at the input\'s size' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l mask-convention -d 'What the mask\'s pixels mean: white = edit here (the default), black = edit here, or alpha = transparent is edited' -r -f -a "white\t'White (light) is edited, black is kept'
black\t'Black (dark) is edited, white is kept'
alpha\t'Transparent is edited, opaque is kept (OpenAI\'s convention)'"
complete -c venice -n "__fish_venice_using_subcommand edit" -l feather -d 'Blend the edit into the original over N pixels outside the mask\'s edge' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -s o -l output -d 'Output file, or - for stdout (one input only)' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l out-dir -d 'Write results here (several inputs or a folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l name -d 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -s j -l jobs -d 'Requests at once in a batch' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l report -d 'Write one JSON line per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l max-cost -d 'Refuse a batch whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l gallery -d 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand edit" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand edit" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand edit" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand edit" -l no-safe-mode -d 'Do not blur adult content'
complete -c venice -n "__fish_venice_using_subcommand edit" -l enhance-prompt -d 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower'
complete -c venice -n "__fish_venice_using_subcommand edit" -l no-thinking -d 'Skip the model\'s prompt-optimisation reasoning step, where it has one (faster)'
complete -c venice -n "__fish_venice_using_subcommand edit" -l keep-size -d 'Resize the result back to the input\'s pixel size (Lanczos3) instead of the model\'s size tier'
complete -c venice -n "__fish_venice_using_subcommand edit" -l force -d 'Overwrite outputs that exist (otherwise they are skipped)'
complete -c venice -n "__fish_venice_using_subcommand edit" -s r -l recursive -d 'Walk folders into their sub-folders, keeping the structure'
complete -c venice -n "__fish_venice_using_subcommand edit" -l watch -d 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand edit" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand edit" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand edit" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand edit" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand edit" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand edit" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand edit" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand edit" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand edit" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand edit" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand edit" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand edit" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand edit" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s p -l prompt -d 'What to change, in plain words' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l quality -d 'Output quality, for models that have it' -r -f -a "low\t''
medium\t''
high\t''"
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s m -l model -d 'The edit model (`venice models` lists them); the service\'s default when unset' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l aspect-ratio -d 'Output shape, as the model allows' -r -f -a "auto\t''
1:1\t''
3:2\t''
16:9\t''
21:9\t''
9:16\t''
2:3\t''
3:4\t''
4:5\t''"
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l resolution -d 'Resolution tier (`1K`, `2K`, `4K`), as the model allows' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l format -d 'Output encoding; the service picks PNG at 1K and JPEG above when unset' -r -f -a "jpeg\t''
png\t''
webp\t''"
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s o -l output -d 'Output file, or - for stdout (one input only)' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l out-dir -d 'Write results here (several inputs or a folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l name -d 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s j -l jobs -d 'Requests at once in a batch' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l report -d 'Write one JSON line per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l max-cost -d 'Refuse a batch whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l gallery -d 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l no-safe-mode -d 'Do not blur adult content'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l enhance-prompt -d 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l no-thinking -d 'Skip the model\'s prompt-optimisation reasoning step, where it has one (faster)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l force -d 'Overwrite outputs that exist (otherwise they are skipped)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s r -l recursive -d 'Walk folders into their sub-folders, keeping the structure'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l watch -d 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand multi-edit" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l background -d 'Flatten the cut-out onto a colour (white, #rrggbb) or an image (a path)' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l format -d 'The output format [default: png]; jpeg needs --background (or --mask-only)' -r -f -a "png\t''
webp\t''
jpeg\t''"
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l margin -d 'Space kept around the subject with --crop-to-subject: N% or Npx' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s o -l output -d 'Output file, or - for stdout (one input only)' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l out-dir -d 'Write results here (several inputs or a folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l name -d 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s j -l jobs -d 'Requests at once in a batch' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l report -d 'Write one JSON line per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l max-cost -d 'Refuse a batch whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l gallery -d 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l crop-to-subject -d 'Crop to the subject (the box of its opaque pixels)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l mask-only -d 'Write the mask (the alpha as greyscale) instead of the cut-out'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l force -d 'Overwrite outputs that exist (otherwise they are skipped)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s r -l recursive -d 'Walk folders into their sub-folders, keeping the structure'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l watch -d 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand remove-bg" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l scale -d '2 or 4 times wider and higher [service default: 2]; 4 is lowered to 2 for inputs over 1,048,576 pixels (the output may have at most 16,777,216)' -r -f -a "2\t''
4\t''"
complete -c venice -n "__fish_venice_using_subcommand upscale" -l creativity -d 'How much new detail the upscaler may invent, 0 to 0.02 [service default: 0.01]' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -s o -l output -d 'Output file, or - for stdout (one input only)' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l out-dir -d 'Write results here (several inputs or a folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l name -d 'Name outputs by this template (in --out-dir, else beside each input): {stem} {ext} {op} {model} {scale} {n} {date}, e.g. "{stem}-{model}.{ext}" [default: <stem>.<op suffix>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -s j -l jobs -d 'Requests at once in a batch' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l report -d 'Write one JSON line per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l max-cost -d 'Refuse a batch whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l gallery -d 'Write an HTML page of before and after thumbnails (in FILE.thumbs/ beside it), failures and skipped inputs with reasons, and totals' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand upscale" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand upscale" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand upscale" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand upscale" -l force -d 'Overwrite outputs that exist (otherwise they are skipped)'
complete -c venice -n "__fish_venice_using_subcommand upscale" -s r -l recursive -d 'Walk folders into their sub-folders, keeping the structure'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l watch -d 'After the first pass, keep watching the folders and process each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand upscale" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand upscale" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand upscale" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand upscale" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand upscale" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand compare" -s p -l prompt -d 'What to change, in plain words (with --generate, what to draw)' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l seed -d 'The seed every generation model draws with (--generate) [default: a random one]' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l models -d 'The models to compare, comma-separated, or `all`: every edit model (generation model with --generate) that accepts this request (the others are listed with the reason)' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -s m -l model -d 'The edit model (`venice models` lists them); the service\'s default when unset' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l aspect-ratio -d 'Output shape, as the model allows' -r -f -a "auto\t''
1:1\t''
3:2\t''
16:9\t''
21:9\t''
9:16\t''
2:3\t''
3:4\t''
4:5\t''"
complete -c venice -n "__fish_venice_using_subcommand compare" -l resolution -d 'Resolution tier (`1K`, `2K`, `4K`), as the model allows' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l format -d 'Output encoding; the service picks PNG at 1K and JPEG above when unset' -r -f -a "jpeg\t''
png\t''
webp\t''"
complete -c venice -n "__fish_venice_using_subcommand compare" -l out-dir -d 'Write the results and index.html here [default: <stem>.compare beside the image; with --generate, <prompt>.compare in the working folder]' -r -F
complete -c venice -n "__fish_venice_using_subcommand compare" -l name -d 'Name each model\'s result by this template, in the folder: {stem} {ext} {op} {model} {scale} {n} {date} [default: <model>.<ext>]' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -s j -l jobs -d 'Requests at once' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l max-cost -d 'Refuse when the estimated total is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l encoding -d 'Body encoding' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand compare" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand compare" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand compare" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand compare" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand compare" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand compare" -l generate -d 'Compare generation models: each draws the prompt (no input image), with the same seed'
complete -c venice -n "__fish_venice_using_subcommand compare" -l no-safe-mode -d 'Do not blur adult content'
complete -c venice -n "__fish_venice_using_subcommand compare" -l enhance-prompt -d 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower'
complete -c venice -n "__fish_venice_using_subcommand compare" -l no-thinking -d 'Skip the model\'s prompt-optimisation reasoning step, where it has one (faster)'
complete -c venice -n "__fish_venice_using_subcommand compare" -l force -d 'Replace an earlier comparison in that folder'
complete -c venice -n "__fish_venice_using_subcommand compare" -l fit -d 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
complete -c venice -n "__fish_venice_using_subcommand compare" -l keep-metadata-in-upload -d 'Send each image with its metadata (EXIF with its GPS position, XMP, IPTC, comments). By default these are removed from the bytes sent, losslessly: the pixels and the ICC colour profile go as they are'
complete -c venice -n "__fish_venice_using_subcommand compare" -l keep-gps -d 'Keep the input\'s GPS position in the output (it is dropped by default)'
complete -c venice -n "__fish_venice_using_subcommand compare" -l strip-metadata -d 'Write none of the input\'s metadata (ICC profile, EXIF, XMP) into outputs'
complete -c venice -n "__fish_venice_using_subcommand compare" -l no-provenance -d 'Do not record how an output was made (operation, model, prompt, request id, cost) in it'
complete -c venice -n "__fish_venice_using_subcommand compare" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand compare" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand compare" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand compare" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand compare" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand compare" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand compare" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand compare" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand compare" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l step -d 'A step, as the command\'s own words (`remove-bg`, `upscale --scale 2`), instead of a recipe file; repeat it for each step, in order' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l prompts -d 'One chain per non-empty line of this file (`#` lines skipped): the prompts of a recipe whose first step is `generate` (then no images)' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l out-dir -d 'Write the final results here (and keep each step\'s results in its hidden .venice-pipeline folder) [default: beside each input]' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s j -l jobs -d 'Inputs going through their steps at once' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l report -d 'One JSON line per step per input to this file' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l gallery -d 'A page of every stage of every input side by side' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l max-cost -d 'Refuse when the estimated cost of the steps left to run is above this (USD), before anything is sent' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s r -l recursive -d 'Walk folders into their sub-folders'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l force -d 'Replace final outputs this pipeline did not write'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l watch -d 'After the first pass, keep watching the folders and run the steps on each new image once it is completely written (Ctrl-C ends the watch; --max-cost is the total for the whole watch)'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l clean -d 'Remove each input\'s kept step results once its final output is written (a rerun then skips it as done, but a changed recipe runs it whole)'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand pipeline" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand models" -l type -d 'Which models: the edit models, or the upscaler and its price per scale' -r -f -a "inpaint\t'The edit models (edit, multi-edit)'
upscale\t'The upscaler'
image\t'The generation models (`venice generate`)'"
complete -c venice -n "__fish_venice_using_subcommand models" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand models" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand models" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand models" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand models" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand models" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand models" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand models" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand models" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand models" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand models" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand models" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand models" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand models" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand models" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand models" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand models" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand styles" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand styles" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand styles" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand styles" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand styles" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand styles" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand styles" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand styles" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand styles" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand styles" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand styles" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand styles" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand styles" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand styles" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand styles" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand styles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand styles" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand mcp" -l max-cost-per-call -d 'Refuse any tool call whose estimated cost is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l max-cost-total -d 'Refuse a tool call that would bring the estimated cost of this server\'s successful calls above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l allow-dir -d 'A folder the tools may read and write (repeatable); without it, the working folder. Roots the client offers are allowed too (in place of the working folder)' -r -F
complete -c venice -n "__fish_venice_using_subcommand mcp" -l model -d 'The edit model when a call names none [default: the service\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l format -d 'The output format of edits when a call names none' -r -f -a "jpeg\t''
png\t''
webp\t''"
complete -c venice -n "__fish_venice_using_subcommand mcp" -l encoding -d 'How request bodies are sent when a call does not say' -r -f -a "auto\t'Multipart for local images (streamed from disk), JSON when any input is a URL. The default'
multipart\t'`multipart/form-data`: local images only, streamed from disk'
json\t'JSON with base64 images (streamed) and URLs'"
complete -c venice -n "__fish_venice_using_subcommand mcp" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand mcp" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand mcp" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand mcp" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand mcp" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand mcp" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand mcp" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand mcp" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand mcp" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand mcp" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand mcp" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand mcp" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand serve" -l listen -d 'The address and port to listen on; beyond loopback only with a token' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l token-file -d 'A file holding the token clients must present as `Authorization: Bearer TOKEN` (or set VENICE_SERVE_TOKEN)' -r -F
complete -c venice -n "__fish_venice_using_subcommand serve" -l max-cost-per-request -d 'Refuse a request whose estimated cost (all `n` images) is above this (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l max-cost-per-day -d 'Refuse requests once the estimated cost of today\'s calls (UTC) would pass this (USD); kept across restarts in the state folder' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -s j -l jobs -d 'Calls to Venice at once, shared by every client (the others queue)' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l model -d 'The Venice edit model for requests that name none or an OpenAI model [default: the service\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l model-alias -d 'Map a model name clients send to a Venice model (repeatable), e.g. `gpt-image-1=qwen-image-edit`; OpenAI\'s image models map to --model' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l max-connections -d 'Connections served at once; more wait to be accepted' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l public-url -d 'The start of the links `response_format=url` answers with (behind a proxy) [default: http://<the request\'s Host>]' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand serve" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand serve" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand serve" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand serve" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand serve" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand serve" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand serve" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand serve" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand serve" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand serve" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand serve" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand serve" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -f -a "address" -d 'Print the wallet\'s address (never its key)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -f -a "balance" -d 'Show the wallet\'s balance'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -f -a "transactions" -d 'List the wallet\'s transactions, newest first'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -f -a "top-up" -d 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything'
complete -c venice -n "__fish_venice_using_subcommand wallet; and not __fish_seen_subcommand_from address balance transactions top-up help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from address" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from balance" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l limit -d 'How many (1 to 100)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l offset -d 'How many to skip' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from transactions" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l max-top-up -d 'Refuse a top-up above this, before anything is signed (USD)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l pay-to -d 'The address the payment must go to: refused, before anything is signed, when the service\'s offer names another' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l yes -d 'Do not ask for confirmation (with a base URL other than Venice\'s, --pay-to is needed too)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from top-up" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "address" -d 'Print the wallet\'s address (never its key)'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "balance" -d 'Show the wallet\'s balance'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "transactions" -d 'List the wallet\'s transactions, newest first'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "top-up" -d 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything'
complete -c venice -n "__fish_venice_using_subcommand wallet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c venice -n "__fish_venice_using_subcommand inspect" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand inspect" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand inspect" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand inspect" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand inspect" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand inspect" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand inspect" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand inspect" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand inspect" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand inspect" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand inspect" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand inspect" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand inspect" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand inspect" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand inspect" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand config" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand config" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand config" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand config" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand config" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand config" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand config" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand config" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand config" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand config" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand config" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand config" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand config" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand config" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand config" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand config" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand completions" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand completions" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand completions" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand completions" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand completions" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand completions" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand completions" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand completions" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand completions" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand completions" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand completions" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand completions" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand completions" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand completions" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand completions" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand completions" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand man" -l base-url -d 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice\'s]' -r
complete -c venice -n "__fish_venice_using_subcommand man" -l api-key-file -d 'Read the API key from this file (instead of VENICE_API_KEY)' -r -F
complete -c venice -n "__fish_venice_using_subcommand man" -l wallet-key-file -d 'Pay with an x402 wallet whose private key is in this file (chmod 600): EVM hex, a Solana base58 secret key, or a Solana CLI keypair file (~/.config/solana/id.json); or set VENICE_WALLET_KEY. Never a key on the command line' -r -F
complete -c venice -n "__fish_venice_using_subcommand man" -l wallet-keystore -d 'Pay with the x402 wallet in this encrypted keystore (Web3 Secret Storage v3); the password is asked for, or read from the file VENICE_WALLET_PASSWORD_FILE names' -r -F
complete -c venice -n "__fish_venice_using_subcommand man" -l auth -d 'Which credential pays when both an API key and a wallet are set' -r -f -a "key\t'The API key (VENICE_API_KEY, --api-key-file)'
wallet\t'The x402 wallet (VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore)'"
complete -c venice -n "__fish_venice_using_subcommand man" -l profile -d 'Use the settings of [profiles.NAME] in the config file' -r
complete -c venice -n "__fish_venice_using_subcommand man" -l max-retries -d 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)' -r
complete -c venice -n "__fish_venice_using_subcommand man" -l timeout -d 'Seconds allowed for one attempt of any request, upload and answer included' -r
complete -c venice -n "__fish_venice_using_subcommand man" -l allow-insecure-http -d 'Allow a plain http:// base URL to another machine (the key would cross the network in clear text); plain http to this machine is always allowed'
complete -c venice -n "__fish_venice_using_subcommand man" -l offline -d 'Serve every request from the built-in emulator: no key, no network (results are the emulator\'s, not Venice\'s)'
complete -c venice -n "__fish_venice_using_subcommand man" -l refresh-models -d 'Fetch the model catalogue from the service even when the cached copy is fresh (the cache is in the platform\'s cache folder, fresh for an hour unless the service says otherwise)'
complete -c venice -n "__fish_venice_using_subcommand man" -l dry-run -d 'Show what would be sent and what it would cost; send nothing'
complete -c venice -n "__fish_venice_using_subcommand man" -l json -d 'One JSON object per result on stdout'
complete -c venice -n "__fish_venice_using_subcommand man" -s v -l verbose -d 'Say more: request ids, attempts, waits'
complete -c venice -n "__fish_venice_using_subcommand man" -s q -l quiet -d 'Say nothing but errors'
complete -c venice -n "__fish_venice_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c venice -n "__fish_venice_using_subcommand man" -s V -l version -d 'Print version'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "generate" -d 'Draw new images from a prompt, or one per line of a prompts file'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "edit" -d 'Edit one or more images from a prompt'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "multi-edit" -d 'Edit a base image guided by layers or masks'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "remove-bg" -d 'Cut the subject out onto a transparent background'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "upscale" -d 'Upscale images by 2 or 4 (PNG out)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "compare" -d 'Run one edit on several models at once and compare them on a page'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "pipeline" -d 'Run steps in order on every input (cut out, enlarge, then edit...), resumable per step'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "models" -d 'List the edit models (or the upscaler) with their limits and prices'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "styles" -d 'List the style presets `venice generate --style` takes'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "mcp" -d 'Serve the image tools to AI agents over the Model Context Protocol (stdio)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "serve" -d 'Serve OpenAI\'s Images API (edits, models) over HTTP in front of Venice, for tools that speak it (Open WebUI, LibreChat, LiteLLM)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "wallet" -d 'The x402 wallet that pays: its address, balance, transactions, and top-ups'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "inspect" -d 'Show how images were made: the provenance this tool writes into its outputs (operation, model, prompt, request id, cost, time)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "config" -d 'Show the effective settings and where each came from (flag, environment, profile, config file, built-in)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c venice -n "__fish_venice_using_subcommand help; and not __fish_seen_subcommand_from generate edit multi-edit remove-bg upscale compare pipeline models styles mcp serve wallet inspect config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c venice -n "__fish_venice_using_subcommand help; and __fish_seen_subcommand_from wallet" -f -a "address" -d 'Print the wallet\'s address (never its key)'
complete -c venice -n "__fish_venice_using_subcommand help; and __fish_seen_subcommand_from wallet" -f -a "balance" -d 'Show the wallet\'s balance'
complete -c venice -n "__fish_venice_using_subcommand help; and __fish_seen_subcommand_from wallet" -f -a "transactions" -d 'List the wallet\'s transactions, newest first'
complete -c venice -n "__fish_venice_using_subcommand help; and __fish_seen_subcommand_from wallet" -f -a "top-up" -d 'Top the wallet up with USDC on Base: shows the payment and asks before signing anything'
