//! `venice mcp`: the image tools served to AI agents over the Model Context
//! Protocol on standard input and output. The client comes from the same
//! `engine::client` as every other command (key, base URL, retries,
//! timeout); stdout carries the protocol, so everything else goes to stderr.

use rmcp::ServiceExt;

use crate::engine::client::client;
use crate::engine::{Core, Guard};
use crate::mcp::{Allowed, Redactor, Server};
use crate::settings::flags::{Global, McpArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// How long one tool call's inputs may take to read and check: a slow
/// network share or a file that never ends cannot hold a worker forever.
const PREPARE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn run(g: &Global, ui: Ui, a: McpArgs) -> Result<Exit, Failure> {
    if g.dry_run {
        return Err(Failure::usage(
            "--dry-run does not apply to venice mcp; agents ask the estimate_cost tool instead",
        ));
    }
    if g.json {
        return Err(Failure::usage("--json does not apply to venice mcp: stdout carries the protocol"));
    }
    let guard = Guard::new(a.max_cost_per_call, a.max_cost_total).map_err(Failure::usage)?;
    let client = client(g, ui)?;
    if !client.has_credentials() {
        ui.warn(
            "no API key (set VENICE_API_KEY or pass --api-key-file PATH): list_models and estimate_cost \
             work, the image tools will be refused",
        );
    }
    let redactor =
        Redactor::from_environment(g.api_key_file.as_deref()).with_wallet(g.wallet_key_file.as_deref());
    let cwd =
        std::env::current_dir().map_err(|e| Failure::usage(format!("venice mcp: no working folder: {e}")))?;
    let allowed = Allowed::new(&cwd, &a.allow_dir).map_err(Failure::usage)?;
    let folders: Vec<String> = allowed.folders().iter().map(|f| f.display().to_string()).collect();
    let core = Core::for_server(ui, client).with_prepare_limit(PREPARE_LIMIT);
    let server = Server::new(core, guard, a.defaults, allowed, redactor);
    ui.info(&format!(
        "venice mcp: serving {} tools on stdio; files inside {} only",
        server.tool_count(),
        folders.join(", ")
    ));
    let running = server.serve(rmcp::transport::stdio()).await.map_err(|e| {
        Failure::new(Exit::Partial, format!("venice mcp: the client did not start a session: {e}"))
    })?;
    running
        .waiting()
        .await
        .map_err(|e| Failure::new(Exit::Partial, format!("venice mcp: the session ended abnormally: {e}")))?;
    ui.detail("venice mcp: the client closed the session");
    Ok(Exit::Ok)
}
