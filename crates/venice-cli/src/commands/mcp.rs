//! `venice mcp`: the image tools served to AI agents over the Model Context
//! Protocol on standard input and output. The client comes from the same
//! `call::client` as every other command (key, base URL, retries,
//! timeout); stdout carries the protocol, so everything else goes to stderr.

use rmcp::ServiceExt;

use crate::call::client::client;
use crate::call::{Core, Guard};
use crate::mcp::{Redactor, Server};
use crate::settings::flags::{Global, McpArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

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
    let server = Server::new(Core::for_server(ui, client), guard, a.defaults, redactor);
    ui.info(&format!("venice mcp: serving {} tools on stdio", server.tool_count()));
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
