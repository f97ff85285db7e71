//! What a tool call answers: text for the agent to read, the same facts as
//! structured JSON, and the preview as an image content block when asked;
//! or a tool error (`isError: true`) with the message the CLI would print.

use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Value, json};

use crate::mcp::error::ToolError;
use crate::mcp::preview::Preview;

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub text: String,
    /// A JSON object (MCP's structured content is an object).
    pub structured: Value,
    pub preview: Option<Preview>,
}

impl Reply {
    pub fn new(text: String, structured: Value) -> Self {
        Self { text, structured, preview: None }
    }

    pub fn into_result(self) -> CallToolResult {
        let mut content = vec![ContentBlock::text(self.text)];
        if let Some(p) = self.preview {
            content.push(ContentBlock::image(p.base64, p.mime));
        }
        let mut result = CallToolResult::success(content);
        result.structured_content = Some(self.structured);
        result
    }
}

/// A tool error: the message, and its class for programs.
pub fn error_result(e: &ToolError) -> CallToolResult {
    let mut message = e.to_string();
    if e.retryable() {
        message.push_str(
            " Trying again later may succeed; a call that reached the service may be charged again.",
        );
    }
    let mut result = CallToolResult::error(vec![ContentBlock::text(message.clone())]);
    result.structured_content = Some(json!({
        "error": message,
        "kind": e.kind(),
        "retryable": e.retryable(),
    }));
    result
}
