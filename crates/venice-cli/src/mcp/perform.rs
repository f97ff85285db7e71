//! One image call, in the order that never pays for what cannot be kept:
//! the output checked free, the call validated and priced by the library,
//! the spending guard asked, the output reserved, then the request sent,
//! its cost counted, and the result written atomically and described.

use serde_json::json;
use venice_image::probe::probe_bytes;
use venice_image::{Client, EditedImage};

use crate::mcp::error::ToolError;
use crate::mcp::guard::Guard;
use crate::mcp::mapping::Mapped;
use crate::mcp::output;
use crate::mcp::preview;
use crate::mcp::reply::Reply;

/// What the answer's headers and the preparation call for saying.
fn warnings(edited: &EditedImage, fitted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = fitted.to_vec();
    let m = edited.meta();
    if let Some(d) = &m.deprecation {
        let mut text = format!("the model {} is deprecated", m.model_id.as_deref().unwrap_or("used"));
        if let Some(w) = &d.warning {
            text.push_str(&format!(": {w}"));
        }
        if let Some(r) = &d.replacement {
            text.push_str(&format!("; move to {r}"));
        }
        out.push(text);
    }
    if m.content_violation {
        out.push("the result was flagged as a content violation (safe mode may have blurred it)".into());
    }
    out
}

/// Runs an image call and describes what it wrote.
pub async fn run(client: &Client, guard: &Guard, m: Mapped) -> Result<Reply, ToolError> {
    let target = output::target(&m.op, m.output.as_deref())?;
    target.check_free(m.overwrite)?;
    let call = m.op.prepare(client, m.upload).await?;
    let cost = call.estimated_cost().cloned();
    let hold = guard.hold(cost.as_ref().map(|c| c.usd))?;
    let slot = output::reserve(&target).await?;
    let edited = client.send(&call).await?;
    hold.count();
    let path = target.final_path(edited.extension());
    output::commit(slot, &path, edited.bytes().clone()).await?;

    let fitted: Vec<String> = call.fitted().iter().map(ToString::to_string).collect();
    let warnings = warnings(&edited, &fitted);
    let dims = probe_bytes(edited.bytes()).ok().map(|i| (i.width, i.height));
    let meta = edited.meta();
    let model = meta.model_id.clone().or_else(|| call.model().map(str::to_owned));
    let preview = if m.preview {
        let bytes = edited.bytes().clone();
        match tokio::task::spawn_blocking(move || preview::make(&bytes)).await {
            Ok(Ok(p)) => Ok(Some(p)),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(format!("no preview: {e}")),
        }
    } else {
        Ok(None)
    };
    let (_, _, spent) = guard.status();

    let mut text = format!(
        "Wrote {} ({}{}, {} bytes)",
        path.display(),
        dims.map(|(w, h)| format!("{w}x{h} ")).unwrap_or_default(),
        edited.format(),
        edited.bytes().len()
    );
    if let Some(model) = &model {
        text.push_str(&format!(" with {model}"));
    }
    match &cost {
        Some(c) => text.push_str(&format!("; estimated cost ${:.4}", c.usd)),
        None => text.push_str("; cost unknown"),
    }
    text.push_str(&format!("; request id {}.", meta.request_id.as_deref().unwrap_or("unknown")));
    for w in &warnings {
        text.push_str(&format!("\nWarning: {w}"));
    }
    if let Err(e) = &preview {
        text.push_str(&format!("\n{e}"));
    }

    let structured = json!({
        "output": path.display().to_string(),
        "width": dims.map(|d| d.0),
        "height": dims.map(|d| d.1),
        "bytes": edited.bytes().len(),
        "format": edited.format().to_string(),
        "mime_type": edited.content_type(),
        "model": model,
        "estimated_cost_usd": cost.as_ref().map(|c| c.usd),
        "cost_basis": cost.as_ref().map(|c| c.basis.clone()),
        "request_id": meta.request_id,
        "attempts": meta.attempts,
        "enhanced_prompt": meta.enhanced_prompt,
        "balance_usd": meta.balance_usd,
        "warnings": warnings,
        "spent_usd_this_session": spent,
    });
    let mut reply = Reply::new(text, structured);
    reply.preview = preview.ok().flatten();
    Ok(reply)
}
