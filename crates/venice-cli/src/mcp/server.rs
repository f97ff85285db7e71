//! The rmcp side: what the server says it is, its tool list, and each call
//! dispatched to its tool on a task of its own, so that even a bug that
//! panics becomes a tool error and the server answers the next call. Every
//! answer and log line passes through the redactor; logs go to stderr.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{NotificationContext, Peer, RequestContext};
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};

use crate::engine::{Core, Guard};
use crate::mcp::args;
use crate::mcp::confine::Allowed;
use crate::mcp::error::ToolError;
use crate::mcp::estimate;
use crate::mcp::mapping;
use crate::mcp::models;
use crate::mcp::output::InFlight;
use crate::mcp::perform;
use crate::mcp::pipeline;
use crate::mcp::redact::Redactor;
use crate::mcp::reply::{Reply, error_result};
use crate::mcp::tools::{self, ToolName};
use crate::settings::flags::McpDefaults;

const INSTRUCTIONS: &str = "Venice image editing. Call list_models for the models, their limits and prices; \
estimate_cost to price a call without paying; then edit_image, multi_edit_image, remove_background or upscale_image, which \
write the result to a file (never over an existing one unless overwrite is true) and say where. Paths are \
local to the machine running this server, and only the allowed folders (the working folder, --allow-dir, or the \
client's roots) can be read or written.";

struct Inner {
    core: Core,
    guard: Guard,
    defaults: McpDefaults,
    allowed: Allowed,
    /// Whether the client's roots must be read (again) before a call.
    roots_stale: AtomicBool,
    roots_reading: tokio::sync::Mutex<()>,
    flight: InFlight,
    redactor: Redactor,
    tools: Vec<Tool>,
}

/// The MCP server: cheap to clone, one state for every session.
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

impl Server {
    pub fn new(
        core: Core,
        guard: Guard,
        defaults: McpDefaults,
        allowed: Allowed,
        redactor: Redactor,
    ) -> Self {
        let flight = InFlight::default();
        let tools = tools::definitions();
        let (roots_stale, roots_reading) = (AtomicBool::new(true), tokio::sync::Mutex::new(()));
        let inner =
            Inner { core, guard, defaults, allowed, roots_stale, roots_reading, flight, redactor, tools };
        Self { inner: Arc::new(inner) }
    }

    pub fn tool_count(&self) -> usize {
        self.inner.tools.len()
    }

    /// Runs one tool call to its answer, a result or a tool error.
    pub async fn call(&self, tool: ToolName, arguments: JsonObject) -> CallToolResult {
        let inner = Arc::clone(&self.inner);
        let outcome = tokio::spawn(async move { inner.dispatch(tool, arguments).await })
            .await
            .unwrap_or_else(|_| Err(ToolError::Internal { tool: tool.name().to_owned() }));
        let ui = &self.inner.core.ui;
        let redactor = &self.inner.redactor;
        let mut result = match outcome {
            Ok(reply) => {
                ui.detail(&redactor.text(&format!("{}: {}", tool.name(), reply.text)));
                reply.into_result()
            }
            Err(e) => {
                ui.info(&redactor.text(&format!("{} failed: {e}", tool.name())));
                error_result(&e)
            }
        };
        for block in &mut result.content {
            if let ContentBlock::Text(t) = block {
                t.text = redactor.text(&t.text);
            }
        }
        if let Some(v) = result.structured_content.as_mut() {
            redactor.json(v);
        }
        result
    }
}

impl Server {
    /// Reads the client's roots when they are new or changed, before a tool
    /// call uses the allowed folders (so no call runs on stale ones). MCP's
    /// roots are deprecated by SEP-2577, but clients offer them today; when
    /// none are offered the working folder and `--allow-dir` apply.
    #[allow(deprecated)]
    async fn refresh_roots(&self, peer: &Peer<RoleServer>) {
        // Calls at once wait for one reading rather than run on stale roots.
        let _reading = self.inner.roots_reading.lock().await;
        if !self.inner.roots_stale.swap(false, Ordering::SeqCst) {
            return;
        }
        if peer.peer_info().is_none_or(|info| info.capabilities.roots.is_none()) {
            return;
        }
        let ui = &self.inner.core.ui;
        // A client that offers roots but does not answer must not hold the
        // calls: after a while, the roots are taken as unreadable.
        let listed = tokio::time::timeout(std::time::Duration::from_secs(10), peer.list_roots()).await;
        match listed
            .map_err(|_| "no answer within 10 s".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()))
        {
            Ok(list) => {
                let uris: Vec<String> = list.roots.into_iter().map(|r| r.uri).collect();
                let folders = self.inner.allowed.set_roots(&uris);
                let shown: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
                ui.detail(&format!("venice mcp: the client's roots: {}", shown.join(", ")));
            }
            Err(e) => {
                self.inner.roots_stale.store(true, Ordering::SeqCst);
                ui.warn(&format!("venice mcp: the client's roots could not be read: {e}"));
            }
        }
    }
}

impl Inner {
    async fn dispatch(&self, tool: ToolName, arguments: JsonObject) -> Result<Reply, ToolError> {
        let schema = tool.schema();
        let name = tool.name();
        match tool {
            ToolName::EditImage
            | ToolName::MultiEditImage
            | ToolName::RemoveBackground
            | ToolName::UpscaleImage => {
                let m = mapping::for_tool(tool, arguments, &self.defaults)?;
                perform::run(&self.core, &self.guard, &self.allowed, &self.flight, m).await
            }
            ToolName::GenerateImage => {
                let calls = mapping::generate(args::parse(name, &schema, arguments)?, &self.defaults)?;
                perform::run_all(&self.core, &self.guard, &self.allowed, &self.flight, calls).await
            }
            ToolName::RunPipeline => {
                let a = args::parse(name, &schema, arguments)?;
                pipeline::run(&self.core, &self.guard, &self.allowed, &self.flight, a).await
            }
            ToolName::ListModels => {
                let args::ListModelsArgs {} = args::parse(name, &schema, arguments)?;
                models::list(&self.core.client).await
            }
            ToolName::EstimateCost => {
                estimate::estimate(
                    &self.core,
                    &self.guard,
                    &self.defaults,
                    &self.allowed,
                    args::parse(name, &schema, arguments)?,
                )
                .await
            }
        }
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("venice", env!("CARGO_PKG_VERSION")).with_title("Venice image editing"),
            )
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(self.inner.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        self.refresh_roots(&context.peer).await;
        let Some(tool) = ToolName::parse(&request.name) else {
            let names: Vec<&str> = ToolName::ALL.iter().map(|t| t.name()).collect();
            let message = format!("no tool named {:?}; this server has {}", request.name, names.join(", "));
            return Err(McpError::invalid_params(self.inner.redactor.text(&message), None));
        };
        Ok(self.call(tool, request.arguments.unwrap_or_default()).await.into())
    }

    /// A client that offers roots: its roots become the allowed folders
    /// (with `--allow-dir`'s), read before the next call when they change.
    async fn on_roots_list_changed(&self, _context: NotificationContext<RoleServer>) {
        self.inner.roots_stale.store(true, Ordering::SeqCst);
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.inner.tools.iter().find(|t| t.name == name).cloned()
    }
}
