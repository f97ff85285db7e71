//! One image tool call: the output checked free, then the call core does
//! the rest in the order that never pays for what cannot be kept (prepare,
//! price, the spending guard, reserve, admit, send, write or rescue); this
//! module describes what it wrote, as text and structured content.

use serde_json::json;
use venice_image::probe::probe_bytes;

use crate::engine::{Core, Guard};
use crate::mcp::confine::Allowed;
use crate::mcp::error::ToolError;
use crate::mcp::mapping::Mapped;
use crate::mcp::output::{self, InFlight};
use crate::mcp::preview;
use crate::mcp::reply::Reply;

/// Runs calls in order (a generation's variants), each held to the guard;
/// one answers as itself, several as a list (`images`). The first failure
/// ends the run with its error (the variants written before it stay).
pub async fn run_all(
    core: &Core,
    guard: &Guard,
    allowed: &Allowed,
    flight: &InFlight,
    calls: Vec<Mapped>,
) -> Result<Reply, ToolError> {
    let seeds: Vec<Option<i64>> = calls.iter().map(|m| m.op.seed()).collect();
    let mut replies = Vec::new();
    for m in calls {
        replies.push(run(core, guard, allowed, flight, m).await?);
    }
    for (reply, seed) in replies.iter_mut().zip(seeds) {
        if let (Some(seed), Some(obj)) = (seed, reply.structured.as_object_mut()) {
            obj.insert("seed".into(), json!(seed));
            reply.text.push_str(&format!(" Seed {seed}."));
        }
    }
    if replies.len() == 1 {
        return replies.pop().ok_or_else(|| ToolError::Arguments("nothing to do".into()));
    }
    let text = replies.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n");
    let images: Vec<serde_json::Value> = replies.iter().map(|r| r.structured.clone()).collect();
    let mut reply = Reply::new(text, json!({ "images": images }));
    reply.preview = replies.into_iter().find_map(|r| r.preview);
    Ok(reply)
}

/// Runs an image call and describes what it wrote.
pub async fn run(
    core: &Core,
    guard: &Guard,
    allowed: &Allowed,
    flight: &InFlight,
    mut m: Mapped,
) -> Result<Reply, ToolError> {
    let target = output::target(&mut m, allowed)?;
    let _claim = flight.claim(&target)?;
    output::check_free(&target, m.overwrite)?;
    let done = core.perform(&m.job(target), Some(guard)).await?;
    let (edited, cost, warnings) = (&done.edited, &done.cost, &done.warnings);
    let path = std::path::PathBuf::from(&done.output);
    // What was written (metadata and provenance included), not the answer alone.
    let written = std::fs::metadata(&path).map_or(edited.bytes().len() as u64, |m| m.len());
    let dims = probe_bytes(edited.bytes()).ok().map(|i| (i.width, i.height));
    let meta = edited.meta();
    let model = done.model().map(str::to_owned);
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
        written
    );
    if let Some(model) = &model {
        text.push_str(&format!(" with {model}"));
    }
    match &cost {
        Some(c) => text.push_str(&format!("; estimated cost ${:.4}", c.usd)),
        None => text.push_str("; cost unknown"),
    }
    text.push_str(&format!("; request id {}.", meta.request_id.as_deref().unwrap_or("unknown")));
    if let Some(left) = meta.x402_balance_remaining {
        text.push_str(&format!(" The wallet has ${left:.2} left."));
    }
    for w in warnings {
        text.push_str(&format!("\nWarning: {w}"));
    }
    if let Err(e) = &preview {
        text.push_str(&format!("\n{e}"));
    }

    let structured = json!({
        "output": path.display().to_string(),
        "width": dims.map(|d| d.0),
        "height": dims.map(|d| d.1),
        "bytes": written,
        "format": edited.format().to_string(),
        "mime_type": edited.content_type(),
        "model": model,
        "estimated_cost_usd": cost.as_ref().map(|c| c.usd),
        "cost_basis": cost.as_ref().map(|c| c.basis.clone()),
        "request_id": meta.request_id,
        "attempts": meta.attempts,
        "enhanced_prompt": meta.enhanced_prompt,
        "balance_usd": meta.balance_usd,
        "wallet_balance_remaining_usd": meta.x402_balance_remaining,
        "warnings": warnings,
        "spent_usd_this_session": spent,
    });
    let mut reply = Reply::new(text, structured);
    reply.preview = preview.ok().flatten();
    Ok(reply)
}
