//! `estimate_cost`: what a call of an image tool would cost and send, from
//! the library's prepare and plan, without sending it or writing anything;
//! and whether the spending guard would let it through.

use serde_json::{Value, json};

use crate::engine::{Core, Guard};
use crate::mcp::args::EstimateCostArgs;
use crate::mcp::confine::Allowed;
use crate::mcp::error::ToolError;
use crate::mcp::mapping::{self, Mapped};
use crate::mcp::output;
use crate::mcp::reply::Reply;
use crate::mcp::tools::ToolName;
use crate::settings::flags::McpDefaults;

/// The image call `estimate_cost` is asked about, checked as that tool checks it.
pub fn mapped(a: EstimateCostArgs, d: &McpDefaults) -> Result<(ToolName, Mapped), ToolError> {
    let tool = ToolName::parse(&a.tool).filter(|t| ToolName::IMAGE_TOOLS.contains(t)).ok_or_else(|| {
        let names: Vec<&str> = ToolName::IMAGE_TOOLS.iter().map(|t| t.name()).collect();
        ToolError::Arguments(format!("`tool` is {:?}; estimate_cost prices {}", a.tool, names.join(", ")))
    })?;
    Ok((tool, mapping::for_tool(tool, a.arguments, d)?))
}

pub async fn estimate(
    core: &Core,
    guard: &Guard,
    defaults: &McpDefaults,
    allowed: &Allowed,
    a: EstimateCostArgs,
) -> Result<Reply, ToolError> {
    let (tool, mut m) = mapped(a, defaults)?;
    let target = output::target(&mut m, allowed)?;
    let existing = target.existing();
    let path = output::path(&target);
    let call = core.prepare(&m.job(target)).await?;
    let plan = core.client.plan(&call);
    let cost = call.estimated_cost();
    let verdict = guard.check(cost.map(|c| c.usd), m.op.charged_extra());
    let (per_call, total, spent) = guard.status();

    let mut text = match cost {
        Some(c) => format!("{} would cost an estimated ${:.4} ({})", tool.name(), c.usd, c.basis),
        None => format!("{} has no price in the catalogue; its cost is unknown", tool.name()),
    };
    if let Some(model) = call.model() {
        text.push_str(&format!(" with {model}"));
    }
    text.push_str(&format!(". Nothing was sent. The output would go to {}", path.display()));
    if let Some(found) = &existing {
        text.push_str(&format!(
            " ({} exists: the call is refused unless overwrite is true)",
            found.display()
        ));
    }
    text.push('.');
    match &verdict {
        Ok(()) if guard.is_set() => text.push_str(" This server's spending limits allow it."),
        Ok(()) => {}
        Err(e) => text.push_str(&format!(" This server would refuse it: {e}.")),
    }
    for r in call.fitted() {
        text.push_str(&format!("\nWarning: {r}"));
    }

    let structured = json!({
        "tool": tool.name(),
        "estimated_cost_usd": cost.map(|c| c.usd),
        "cost_basis": cost.map(|c| c.basis.clone()),
        "model": call.model(),
        "output": path.display().to_string(),
        "output_exists": existing.is_some(),
        "allowed": verdict.is_ok(),
        "refusal": verdict.err().map(|e| e.to_string()),
        "max_cost_per_call_usd": per_call,
        "max_cost_total_usd": total,
        "spent_usd_this_session": spent,
        "plan": serde_json::to_value(&plan).unwrap_or(Value::Null),
    });
    Ok(Reply::new(text, structured))
}
