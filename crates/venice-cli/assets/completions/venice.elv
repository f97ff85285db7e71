
use builtin;
use str;

set edit:completion:arg-completer[venice] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'venice'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'venice'= {
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand edit 'Edit one or more images from a prompt'
            cand multi-edit 'Edit a base image guided by layers or masks'
            cand remove-bg 'Cut the subject out onto a transparent background'
            cand upscale 'Upscale images by 2 or 4 (PNG out)'
            cand models 'List the edit models (or the upscaler) with their limits and prices'
            cand mcp 'Serve the image tools to AI agents over the Model Context Protocol (stdio)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'venice;edit'= {
            cand -p 'What to change, in plain words'
            cand --prompt 'What to change, in plain words'
            cand -m 'The edit model (`venice models` lists them); the service''s default when unset'
            cand --model 'The edit model (`venice models` lists them); the service''s default when unset'
            cand --aspect-ratio 'Output shape, as the model allows'
            cand --resolution 'Resolution tier (`1K`, `2K`, `4K`), as the model allows'
            cand --format 'Output encoding; the service picks PNG at 1K and JPEG above when unset'
            cand -o 'Output file, or - for stdout (one input only)'
            cand --output 'Output file, or - for stdout (one input only)'
            cand --out-dir 'Write results here (several inputs or a folder)'
            cand -j 'Requests at once in a batch'
            cand --jobs 'Requests at once in a batch'
            cand --report 'Write one JSON line per input to this file'
            cand --max-cost 'Refuse a batch whose estimated cost is above this (USD)'
            cand --encoding 'Body encoding'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --no-safe-mode 'Do not blur adult content'
            cand --enhance-prompt 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower'
            cand --no-thinking 'Skip the model''s prompt-optimisation reasoning step, where it has one (faster)'
            cand --force 'Overwrite outputs that exist (otherwise they are skipped)'
            cand -r 'Walk folders into their sub-folders, keeping the structure'
            cand --recursive 'Walk folders into their sub-folders, keeping the structure'
            cand --fit 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;multi-edit'= {
            cand -p 'What to change, in plain words'
            cand --prompt 'What to change, in plain words'
            cand --quality 'Output quality, for models that have it'
            cand -m 'The edit model (`venice models` lists them); the service''s default when unset'
            cand --model 'The edit model (`venice models` lists them); the service''s default when unset'
            cand --aspect-ratio 'Output shape, as the model allows'
            cand --resolution 'Resolution tier (`1K`, `2K`, `4K`), as the model allows'
            cand --format 'Output encoding; the service picks PNG at 1K and JPEG above when unset'
            cand -o 'Output file, or - for stdout (one input only)'
            cand --output 'Output file, or - for stdout (one input only)'
            cand --out-dir 'Write results here (several inputs or a folder)'
            cand -j 'Requests at once in a batch'
            cand --jobs 'Requests at once in a batch'
            cand --report 'Write one JSON line per input to this file'
            cand --max-cost 'Refuse a batch whose estimated cost is above this (USD)'
            cand --encoding 'Body encoding'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --no-safe-mode 'Do not blur adult content'
            cand --enhance-prompt 'Let the service rewrite the prompt first: charged extra, up to ~30 s slower'
            cand --no-thinking 'Skip the model''s prompt-optimisation reasoning step, where it has one (faster)'
            cand --force 'Overwrite outputs that exist (otherwise they are skipped)'
            cand -r 'Walk folders into their sub-folders, keeping the structure'
            cand --recursive 'Walk folders into their sub-folders, keeping the structure'
            cand --fit 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;remove-bg'= {
            cand -o 'Output file, or - for stdout (one input only)'
            cand --output 'Output file, or - for stdout (one input only)'
            cand --out-dir 'Write results here (several inputs or a folder)'
            cand -j 'Requests at once in a batch'
            cand --jobs 'Requests at once in a batch'
            cand --report 'Write one JSON line per input to this file'
            cand --max-cost 'Refuse a batch whose estimated cost is above this (USD)'
            cand --encoding 'Body encoding'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --force 'Overwrite outputs that exist (otherwise they are skipped)'
            cand -r 'Walk folders into their sub-folders, keeping the structure'
            cand --recursive 'Walk folders into their sub-folders, keeping the structure'
            cand --fit 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;upscale'= {
            cand --scale '2 or 4 times wider and higher [service default: 2]; 4 is lowered to 2 for inputs over 1,048,576 pixels (the output may have at most 16,777,216)'
            cand --creativity 'How much new detail the upscaler may invent, 0 to 0.02 [service default: 0.01]'
            cand -o 'Output file, or - for stdout (one input only)'
            cand --output 'Output file, or - for stdout (one input only)'
            cand --out-dir 'Write results here (several inputs or a folder)'
            cand -j 'Requests at once in a batch'
            cand --jobs 'Requests at once in a batch'
            cand --report 'Write one JSON line per input to this file'
            cand --max-cost 'Refuse a batch whose estimated cost is above this (USD)'
            cand --encoding 'Body encoding'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --force 'Overwrite outputs that exist (otherwise they are skipped)'
            cand -r 'Walk folders into their sub-folders, keeping the structure'
            cand --recursive 'Walk folders into their sub-folders, keeping the structure'
            cand --fit 'Downscale images over the pixel or size limit (and turn them upright) instead of refusing them; each change is reported'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;models'= {
            cand --type 'Which models: the edit models, or the upscaler and its price per scale'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;mcp'= {
            cand --max-cost-per-call 'Refuse any tool call whose estimated cost is above this (USD)'
            cand --max-cost-total 'Refuse a tool call that would bring the estimated cost of this server''s successful calls above this (USD)'
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;completions'= {
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;man'= {
            cand --base-url 'API base URL, including /api/v1 [default: VENICE_BASE_URL, else Venice''s]'
            cand --api-key-file 'Read the API key from this file (instead of VENICE_API_KEY)'
            cand --max-retries 'Retries after a failed attempt (429, 5xx, timeouts, dropped connections)'
            cand --timeout 'Seconds allowed for one attempt of any request, upload and answer included'
            cand --dry-run 'Show what would be sent and what it would cost; send nothing'
            cand --json 'One JSON object per result on stdout'
            cand -v 'Say more: request ids, attempts, waits'
            cand --verbose 'Say more: request ids, attempts, waits'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'venice;help'= {
            cand edit 'Edit one or more images from a prompt'
            cand multi-edit 'Edit a base image guided by layers or masks'
            cand remove-bg 'Cut the subject out onto a transparent background'
            cand upscale 'Upscale images by 2 or 4 (PNG out)'
            cand models 'List the edit models (or the upscaler) with their limits and prices'
            cand mcp 'Serve the image tools to AI agents over the Model Context Protocol (stdio)'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'venice;help;edit'= {
        }
        &'venice;help;multi-edit'= {
        }
        &'venice;help;remove-bg'= {
        }
        &'venice;help;upscale'= {
        }
        &'venice;help;models'= {
        }
        &'venice;help;mcp'= {
        }
        &'venice;help;completions'= {
        }
        &'venice;help;man'= {
        }
        &'venice;help;help'= {
        }
    ]
    $completions[$command]
}
