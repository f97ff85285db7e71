//! Running the commands. API logic stays in `venice-image`; this is input
//! expansion, output naming, batching and reporting.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::CommandFactory;
use serde_json::{Value, json};
use tokio::sync::Notify;
use venice_image::catalogue::DEFAULT_MODEL;
use venice_image::{
    AspectRatio, BackgroundRemoveRequest, Client, EditRequest, EditedImage, Encoding, Error,
    MultiEditRequest, OutputFormat, PreparedCall, Quality, RetryPolicy,
};

use crate::cli::{Cli, Command, EditOptionArgs, EncodingArg, FormatArg, Global, OutputArgs, QualityArg};
use crate::inputs::{self, Input};
use crate::ui::{Exit, Failure, Ui, describe};

/// What each job does.
#[derive(Debug, Clone)]
enum Kind {
    Edit(Box<EditSettings>),
    Multi { settings: Box<EditSettings>, quality: Option<Quality>, layers: Vec<Input> },
    RemoveBg,
}

/// Edit options, parsed once.
#[derive(Debug, Clone)]
struct EditSettings {
    prompt: String,
    model: Option<String>,
    aspect_ratio: Option<AspectRatio>,
    resolution: Option<String>,
    format: Option<OutputFormat>,
    no_safe_mode: bool,
    enhance_prompt: bool,
}

impl EditSettings {
    fn parse(a: &EditOptionArgs) -> Result<Self, Failure> {
        let aspect_ratio = a
            .aspect_ratio
            .as_deref()
            .map(|r| {
                r.parse::<AspectRatio>().map_err(|_| {
                    Failure::usage(format!(
                        "--aspect-ratio {r}: use auto, 1:1, 3:2, 16:9, 21:9, 9:16, 2:3, 3:4 or 4:5"
                    ))
                })
            })
            .transpose()?;
        let format = a.format.map(|f| {
            let text = match f {
                FormatArg::Png => "png",
                FormatArg::Jpeg => "jpeg",
                FormatArg::Webp => "webp",
            };
            text.parse::<OutputFormat>().expect("the generated enum has these")
        });
        Ok(Self {
            prompt: a.prompt.clone(),
            model: a.model.clone(),
            aspect_ratio,
            resolution: a.resolution.clone(),
            format,
            no_safe_mode: a.no_safe_mode,
            enhance_prompt: a.enhance_prompt,
        })
    }

    /// The extension the answer will most likely have: the asked format,
    /// else PNG at 1K and JPEG above (the service's default).
    fn extension(&self) -> &'static str {
        match self.format.map(|f| f.to_string()) {
            Some(f) if f == "jpeg" => "jpg",
            Some(f) if f == "webp" => "webp",
            Some(_) => "png",
            None if matches!(self.resolution.as_deref(), Some("2K" | "4K")) => "jpg",
            None => "png",
        }
    }
}

/// Builder methods shared by the two edit requests.
macro_rules! with_settings {
    ($req:expr, $s:expr, $out:expr) => {{
        let s: &EditSettings = $s;
        let mut r = $req.encoding(encoding($out.encoding)).fit($out.fit);
        if let Some(m) = &s.model {
            r = r.model(m.clone());
        }
        if let Some(a) = s.aspect_ratio {
            r = r.aspect_ratio(a);
        }
        if let Some(res) = &s.resolution {
            r = r.resolution(res.clone());
        }
        if let Some(f) = s.format {
            r = r.output_format(f);
        }
        if s.no_safe_mode {
            r = r.safe_mode(false);
        }
        if s.enhance_prompt {
            r = r.enhance_prompt(true);
        }
        r
    }};
}

fn encoding(e: EncodingArg) -> Encoding {
    match e {
        EncodingArg::Auto => Encoding::Auto,
        EncodingArg::Multipart => Encoding::Multipart,
        EncodingArg::Json => Encoding::Json,
    }
}

/// Where one result goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    File { path: PathBuf, explicit: bool },
    Stdout,
}

impl Target {
    fn label(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Stdout => "-".into(),
        }
    }
}

#[derive(Debug, Clone)]
struct Job {
    input: Input,
    target: Target,
}

/// Everything a command needs.
struct Ctx {
    ui: Ui,
    client: Client,
    kind: Kind,
    out: OutputArgs,
}

fn read_key(global: &Global, ui: &Ui) -> Result<Option<String>, Failure> {
    if let Some(path) = &global.api_key_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::new(Exit::Auth, format!("cannot read the API key file {}: {e}", path.display()))
        })?;
        let key = text.trim().to_owned();
        if key.is_empty() {
            return Err(Failure::new(Exit::Auth, format!("the API key file {} is empty", path.display())));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                ui.warn(&format!(
                    "{} can be read by other users; restrict it with: chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
        }
        return Ok(Some(key));
    }
    Ok(std::env::var("VENICE_API_KEY").ok().filter(|k| !k.trim().is_empty()))
}

fn client(global: &Global, ui: Ui) -> Result<Client, Failure> {
    let mut builder = Client::builder()
        .without_env()
        .base_url(&global.base_url)
        .timeout(Duration::from_secs(global.timeout.max(1)))
        .retry_policy(RetryPolicy::attempts(global.max_retries.saturating_add(1)))
        .user_agent(concat!("venice-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(key) = read_key(global, &ui)? {
        builder = builder.api_key(key);
    }
    if ui.verbose {
        builder = builder.on_retry(move |e| {
            let who = if e.server_asked { "as the service asked" } else { "backing off" };
            ui.detail(&format!(
                "attempt {} failed ({}); retrying in {:.1} s, {who}",
                e.attempt,
                e.reason,
                e.wait.as_secs_f64()
            ));
        });
    }
    builder.build().map_err(|e| Failure::usage(describe(&e)))
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Exit, Failure> {
    let g = &cli.global;
    let ui = Ui::new(g.quiet, g.verbose, g.json);
    match cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "venice", &mut out);
            crate::ui::exit_quietly_on_broken_pipe(std::io::stdout().write_all(&out));
            Ok(Exit::Ok)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure::usage(e.to_string()))?;
            crate::ui::exit_quietly_on_broken_pipe(std::io::stdout().write_all(&out));
            Ok(Exit::Ok)
        }
        Command::Models(_) => models(&ui, &client(g, ui)?).await,
        Command::Edit(a) => {
            let settings = EditSettings::parse(&a.edit)?;
            let ctx = Ctx { ui, client: client(g, ui)?, kind: Kind::Edit(Box::new(settings)), out: a.out };
            images(&ctx, &a.images, g.dry_run).await
        }
        Command::RemoveBg(a) => {
            let ctx = Ctx { ui, client: client(g, ui)?, kind: Kind::RemoveBg, out: a.out };
            images(&ctx, &a.images, g.dry_run).await
        }
        Command::MultiEdit(a) => {
            let settings = EditSettings::parse(&a.edit)?;
            let quality = a.quality.map(|q| match q {
                QualityArg::Low => Quality::Low,
                QualityArg::Medium => Quality::Medium,
                QualityArg::High => Quality::High,
            });
            let layers = inputs::expand(&a.layers, false).map_err(Failure::usage)?;
            if layers.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. })) {
                return Err(Failure::usage("layers must be files, URLs or -, not folders"));
            }
            let kind = Kind::Multi { settings: Box::new(settings), quality, layers: layers.inputs };
            let ctx = Ctx { ui, client: client(g, ui)?, kind, out: a.out };
            images(&ctx, std::slice::from_ref(&a.base), g.dry_run).await
        }
    }
}

async fn models(ui: &Ui, client: &Client) -> Result<Exit, Failure> {
    let catalogue = client.models().await?;
    if ui.json {
        ui.json_line(&serde_json::to_value(catalogue.models()).unwrap_or(Value::Null));
        return Ok(Exit::Ok);
    }
    let mut rows = vec![[
        "ID".to_owned(),
        "NAME".into(),
        "PRICE".into(),
        "PROMPT".into(),
        "IMAGES".into(),
        "ASPECT RATIOS".into(),
        "RESOLUTIONS".into(),
    ]];
    for m in catalogue.models() {
        let c = &m.constraints;
        rows.push([
            m.id.clone(),
            m.name.clone(),
            format!("${:.3}", m.pricing.inpaint.usd),
            c.prompt_character_limit.to_string(),
            c.max_images().to_string(),
            c.aspect_ratios.join(" "),
            c.resolutions().join(" "),
        ]);
    }
    let widths: Vec<usize> =
        (0..7).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut text = String::new();
    for r in &rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        text.push_str(line.join("  ").trim_end());
        text.push('\n');
    }
    ui.print(text.trim_end());
    Ok(Exit::Ok)
}

fn suffix(kind: &Kind) -> &'static str {
    match kind {
        Kind::RemoveBg => "nobg",
        _ => "edited",
    }
}

fn extension(kind: &Kind) -> &'static str {
    match kind {
        Kind::Edit(s) | Kind::Multi { settings: s, .. } => s.extension(),
        Kind::RemoveBg => "png",
    }
}

/// Plans targets, skips what exists, runs one job or a batch.
async fn images(ctx: &Ctx, args: &[String], dry_run: bool) -> Result<Exit, Failure> {
    let expanded = inputs::expand(args, ctx.out.recursive).map_err(Failure::usage)?;
    for p in &expanded.passed_over {
        ctx.ui.detail(&format!("passed over {} (not an image)", p.display()));
    }
    let folder_given = expanded.inputs.iter().any(|i| matches!(i, Input::File { relative: Some(_), .. }));
    if expanded.inputs.is_empty() {
        return Err(Failure::new(Exit::Invalid, format!("no images found in {}", args.join(", "))));
    }
    let batch = expanded.inputs.len() > 1 || folder_given;
    let uses_stdin = matches!(&ctx.kind, Kind::Multi { layers, .. } if layers.contains(&Input::Stdin));
    if uses_stdin && expanded.inputs.contains(&Input::Stdin) {
        return Err(Failure::usage("- (stdin) can be given only once"));
    }
    if batch && ctx.out.output.is_some() {
        return Err(Failure::usage("-o takes one input; use --out-dir DIR for several"));
    }
    let mut jobs = Vec::new();
    for input in expanded.inputs {
        let target = match (&ctx.out.output, &ctx.out.out_dir) {
            (Some(p), _) if p.as_os_str() == "-" => Target::Stdout,
            (Some(p), _) => Target::File { path: p.clone(), explicit: true },
            (None, None) if input == Input::Stdin => Target::Stdout,
            (None, dir) => Target::File {
                path: inputs::output_path(&input, dir.as_deref(), suffix(&ctx.kind), extension(&ctx.kind))
                    .map_err(|e| Failure::new(Exit::Invalid, e))?,
                explicit: false,
            },
        };
        jobs.push(Job { input, target });
    }
    let outputs: Vec<(String, PathBuf)> = jobs
        .iter()
        .filter_map(|j| match &j.target {
            Target::File { path, .. } => Some((j.input.label(), path.clone())),
            Target::Stdout => None,
        })
        .collect();
    inputs::check_collisions(&outputs).map_err(Failure::usage)?;
    if jobs.iter().any(|j| j.target == Target::Stdout) {
        if ctx.ui.json {
            return Err(Failure::usage(
                "--json and image bytes cannot share stdout; write the image with -o FILE",
            ));
        }
        if std::io::stdout().is_terminal() && !dry_run {
            return Err(Failure::usage(
                "refusing to write image bytes to a terminal; use -o FILE or redirect stdout",
            ));
        }
    }

    let mut report = Report::open(ctx.out.report.as_deref())?;
    let mut runnable = Vec::new();
    for job in jobs {
        let existing = match &job.target {
            Target::File { path, explicit: true } => {
                std::fs::symlink_metadata(path).is_ok().then(|| path.clone())
            }
            Target::File { path, explicit: false } => inputs::existing_output(path),
            Target::Stdout => None,
        };
        match existing {
            Some(found) if !ctx.out.force && !dry_run => {
                if !batch {
                    return Err(Failure::new(
                        Exit::Invalid,
                        format!("{} exists; pass --force to overwrite it", found.display()),
                    ));
                }
                let line = outcome_line(&job, "skipped", None, Some(&format!("{} exists", found.display())));
                ctx.ui.detail(&format!(
                    "skipped {}: {} exists (--force overwrites)",
                    job.input.label(),
                    found.display()
                ));
                report.write(&ctx.ui, &line);
            }
            _ => runnable.push(job),
        }
    }
    if dry_run {
        return dry(ctx, runnable, &mut report).await;
    }
    if runnable.is_empty() {
        ctx.ui.info("nothing to do: every output exists (--force overwrites)");
        return Ok(Exit::Ok);
    }
    if batch {
        let estimate = estimate(ctx, runnable.len()).await;
        match estimate {
            Some(usd) => {
                ctx.ui.info(&format!("{} image(s) to process; estimated cost ${usd:.4}", runnable.len()))
            }
            None => ctx.ui.info(&format!("{} image(s) to process; estimated cost unknown", runnable.len())),
        }
        check_max_cost(ctx, estimate)?;
        Ok(run_batch(ctx, runnable, report).await)
    } else {
        check_max_cost(ctx, estimate(ctx, 1).await)?;
        run_one(ctx, runnable.remove(0), report).await
    }
}

fn check_max_cost(ctx: &Ctx, estimate: Option<f64>) -> Result<(), Failure> {
    match (ctx.out.max_cost, estimate) {
        (Some(max), Some(usd)) if usd > max + 1e-9 => Err(Failure::new(
            Exit::Invalid,
            format!("the estimated cost ${usd:.4} is above --max-cost ${max:.4}; nothing was sent"),
        )),
        (Some(_), None) => Err(Failure::new(
            Exit::Invalid,
            "--max-cost is set but the cost cannot be estimated (the catalogue is unavailable or has no price)",
        )),
        _ => Ok(()),
    }
}

/// Estimated USD for `n` jobs, from the catalogue.
async fn estimate(ctx: &Ctx, n: usize) -> Option<f64> {
    let (settings, quality, images) = match &ctx.kind {
        Kind::Edit(s) => (s, None, 1),
        Kind::Multi { settings, quality, layers } => (settings, *quality, layers.len() as u32 + 1),
        Kind::RemoveBg => return None,
    };
    let catalogue = ctx.client.models().await.ok()?;
    let model = catalogue.get(settings.model.as_deref().unwrap_or(DEFAULT_MODEL))?;
    let quality = quality.map(|q| q.to_string());
    Some(model.price(settings.resolution.as_deref(), quality.as_deref(), images).usd * n as f64)
}

async fn prepare(ctx: &Ctx, job: &Job) -> Result<PreparedCall, Error> {
    match &ctx.kind {
        Kind::Edit(s) => {
            let req = with_settings!(EditRequest::new(job.input.source(), s.prompt.clone()), s, ctx.out);
            ctx.client.prepare_edit(req).await
        }
        Kind::Multi { settings, quality, layers } => {
            let layers = layers.iter().map(Input::source).collect();
            let mut req = with_settings!(
                MultiEditRequest::new(job.input.source(), layers, settings.prompt.clone()),
                settings,
                ctx.out
            );
            if let Some(q) = quality {
                req = req.quality(*q);
            }
            ctx.client.prepare_multi_edit(req).await
        }
        Kind::RemoveBg => {
            let req = BackgroundRemoveRequest::new(job.input.source())
                .encoding(encoding(ctx.out.encoding))
                .fit(ctx.out.fit);
            ctx.client.prepare_remove_background(req).await
        }
    }
}

/// What one finished job produced.
struct Done {
    output: String,
    edited: EditedImage,
    cost: Option<f64>,
}

/// Prepares, sends and saves one job.
async fn perform(ctx: &Ctx, job: &Job) -> Result<Done, Error> {
    let call = prepare(ctx, job).await?;
    for r in call.fitted() {
        ctx.ui.warn(&format!("{}: {r}", job.input.label()));
    }
    let cost = call.estimated_cost().map(|c| c.usd);
    let edited = ctx.client.send(&call).await?;
    let output = match &job.target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            crate::ui::exit_quietly_on_broken_pipe(out.write_all(edited.bytes()).and_then(|()| out.flush()));
            "-".to_owned()
        }
        Target::File { path, explicit } => {
            let path = if *explicit { path.clone() } else { path.with_extension(edited.extension()) };
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::Io {
                    context: format!("cannot create {}", dir.display()),
                    source: e,
                })?;
            }
            let bytes = edited.bytes().clone();
            let to = path.clone();
            // Written on a blocking thread, which finishes the write and the
            // rename even if the run is abandoned: never a partial file.
            tokio::task::spawn_blocking(move || venice_image::write_atomic(&to, &bytes))
                .await
                .map_err(|e| Error::Io {
                    context: "the writer failed".into(),
                    source: std::io::Error::other(e),
                })?
                .map_err(|e| Error::Io { context: format!("cannot write {}", path.display()), source: e })?;
            path.display().to_string()
        }
    };
    Ok(Done { output, edited, cost })
}

fn outcome_line(job: &Job, status: &str, done: Option<&Done>, error: Option<&str>) -> Value {
    let mut v = json!({
        "input": job.input.label(),
        "output": done.map_or_else(|| job.target.label(), |d| d.output.clone()),
        "status": status,
    });
    if let Some(d) = done {
        let m = d.edited.meta();
        v["model"] = json!(m.model_id);
        v["bytes"] = json!(d.edited.bytes().len());
        v["content_type"] = json!(d.edited.content_type());
        v["request_id"] = json!(m.request_id);
        v["attempts"] = json!(m.attempts);
        v["cost_usd"] = json!(d.cost);
    }
    if let Some(e) = error {
        v["error"] = json!(e);
    }
    v
}

/// The `--report` file, one JSON line per input.
struct Report {
    file: Option<std::fs::File>,
}

impl Report {
    fn open(path: Option<&Path>) -> Result<Self, Failure> {
        let file = path
            .map(|p| {
                std::fs::File::create(p)
                    .map_err(|e| Failure::usage(format!("cannot create the report {}: {e}", p.display())))
            })
            .transpose()?;
        Ok(Self { file })
    }

    fn write(&mut self, ui: &Ui, line: &Value) {
        if let Some(f) = self.file.as_mut() {
            let _ = writeln!(f, "{line}");
        }
        if ui.json {
            ui.json_line(line);
        }
    }
}

fn warn_about(ui: &Ui, label: &str, edited: &EditedImage) {
    let m = edited.meta();
    if let Some(d) = &m.deprecation {
        let mut text =
            format!("{label}: the model {} is deprecated", m.model_id.as_deref().unwrap_or("used"));
        if let Some(w) = &d.warning {
            text.push_str(&format!(": {w}"));
        }
        if let Some(r) = &d.replacement {
            text.push_str(&format!("; move to {r}"));
        }
        ui.warn(&text);
    }
    if m.content_violation {
        ui.warn(&format!(
            "{label}: the result was flagged as a content violation (safe mode may have blurred it)"
        ));
    }
}

fn success_text(job: &Job, done: &Done) -> String {
    format!("{} -> {}", job.input.label(), done.output)
}

fn detail_text(done: &Done) -> String {
    let m = done.edited.meta();
    let model = m.model_id.as_deref().map(|id| format!(", model {id}")).unwrap_or_default();
    format!(
        "  {} {} bytes{model}, request {}, {} attempt(s)",
        done.edited.format(),
        done.edited.bytes().len(),
        m.request_id.as_deref().unwrap_or("unknown"),
        m.attempts
    )
}

/// Ctrl-C: the first stops new work, the second abandons what is in flight.
struct Interrupt {
    stopping: AtomicBool,
    abandon: Notify,
}

fn watch_ctrl_c(ui: Ui, in_flight_hint: bool) -> Arc<Interrupt> {
    let state = Arc::new(Interrupt { stopping: AtomicBool::new(false), abandon: Notify::new() });
    let watcher = state.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        watcher.stopping.store(true, Ordering::SeqCst);
        if in_flight_hint {
            ui.info("interrupted: finishing the edits in flight (Ctrl-C again to abandon them)");
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
        }
        watcher.abandon.notify_one();
    });
    state
}

async fn run_one(ctx: &Ctx, job: Job, mut report: Report) -> Result<Exit, Failure> {
    let interrupt = watch_ctrl_c(ctx.ui, false);
    let result = tokio::select! {
        r = perform(ctx, &job) => r,
        () = interrupt.abandon.notified() => {
            report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, Some("interrupted")));
            return Err(Failure::new(Exit::Interrupted, "interrupted; nothing was written"));
        }
    };
    match result {
        Ok(done) => {
            warn_about(&ctx.ui, &job.input.label(), &done.edited);
            if done.output != "-" && !ctx.ui.json {
                ctx.ui.info(&success_text(&job, &done));
            }
            ctx.ui.detail(&detail_text(&done));
            report.write(&ctx.ui, &outcome_line(&job, "ok", Some(&done), None));
            Ok(Exit::Ok)
        }
        Err(e) => {
            let message = format!("{}: {}", job.input.label(), describe(&e));
            if let Some(id) = e.request_id() {
                ctx.ui.detail(&format!("  request id {id}"));
            }
            report.write(&ctx.ui, &outcome_line(&job, "failed", None, Some(&message)));
            Err(Failure::new(Exit::of(&e), message))
        }
    }
}

/// Why a batch stopped early.
#[derive(Debug, Clone)]
struct Stop {
    exit: Exit,
    reason: String,
}

/// Refusals within this window that stop a batch before the key is locked
/// out (Venice locks a key after about 20 failures in 30 s).
const REFUSALS_BEFORE_STOP: usize = 10;
const REFUSAL_WINDOW: Duration = Duration::from_secs(30);

async fn run_batch(ctx: &Ctx, jobs: Vec<Job>, mut report: Report) -> Exit {
    let total = jobs.len();
    let interrupt = watch_ctrl_c(ctx.ui, true);
    let progress = (std::io::stderr().is_terminal() && !ctx.ui.quiet && !ctx.ui.json).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {elapsed_precise} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let say = |text: &str| match &progress {
        Some(bar) => bar.println(text),
        None => ctx.ui.info(text),
    };
    let mut running = futures_util::stream::FuturesUnordered::new();
    let mut pending = jobs.into_iter();
    let (mut ok, mut failed, mut not_attempted) = (0usize, 0usize, 0usize);
    let mut stop: Option<Stop> = None;
    let mut refusals: std::collections::VecDeque<Instant> = std::collections::VecDeque::new();
    let mut abandoned = false;
    use futures_util::StreamExt;
    loop {
        let stopping = stop.is_some() || interrupt.stopping.load(Ordering::SeqCst);
        // Keep --jobs edits in flight while there is no reason to stop.
        while !stopping && running.len() < ctx.out.jobs.max(1) {
            let Some(job) = pending.next() else { break };
            running.push(async move {
                let result = perform(ctx, &job).await;
                (job, result)
            });
        }
        if running.is_empty() {
            break;
        }
        let next = tokio::select! {
            n = running.next() => n,
            () = interrupt.abandon.notified() => { abandoned = true; None }
        };
        let Some((job, result)) = next else { break };
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        match result {
            Ok(done) => {
                ok += 1;
                warn_about(&ctx.ui, &job.input.label(), &done.edited);
                if !ctx.ui.json && !ctx.ui.quiet {
                    say(&success_text(&job, &done));
                }
                ctx.ui.detail(&detail_text(&done));
                report.write(&ctx.ui, &outcome_line(&job, "ok", Some(&done), None));
            }
            Err(e) => {
                failed += 1;
                let message = format!("{}: {}", job.input.label(), describe(&e));
                match &progress {
                    Some(bar) => bar.suspend(|| ctx.ui.error(&message)),
                    None => ctx.ui.error(&message),
                }
                report.write(&ctx.ui, &outcome_line(&job, "failed", None, Some(&message)));
                match &e {
                    Error::Unauthorized(_) => {
                        stop.get_or_insert(Stop { exit: Exit::Auth, reason: "authentication failed".into() });
                    }
                    Error::InsufficientBalance(_) => {
                        stop.get_or_insert(Stop {
                            exit: Exit::Payment,
                            reason: "the balance ran out".into(),
                        });
                    }
                    Error::Rejected(_)
                    | Error::ContentPolicy(_)
                    | Error::PayloadTooLarge(_)
                    | Error::UnsupportedMediaType(_) => {
                        let now = Instant::now();
                        refusals.push_back(now);
                        while refusals.front().is_some_and(|t| now.duration_since(*t) > REFUSAL_WINDOW) {
                            refusals.pop_front();
                        }
                        if refusals.len() >= REFUSALS_BEFORE_STOP {
                            stop.get_or_insert(Stop {
                                exit: Exit::Partial,
                                reason: format!(
                                    "{REFUSALS_BEFORE_STOP} requests were refused within {} s; stopping before Venice locks the key out",
                                    REFUSAL_WINDOW.as_secs()
                                ),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let interrupted = interrupt.stopping.load(Ordering::SeqCst);
    let reason = if abandoned {
        Some("interrupted; in-flight edits abandoned".to_owned())
    } else if interrupted {
        Some("interrupted".to_owned())
    } else {
        stop.as_ref().map(|s| s.reason.clone())
    };
    let cut_short = running.len();
    for job in pending {
        not_attempted += 1;
        report.write(&ctx.ui, &outcome_line(&job, "not-attempted", None, reason.as_deref()));
    }
    drop(running);
    not_attempted += cut_short;
    let mut summary = format!("done: {ok} of {total} succeeded");
    if failed > 0 {
        summary.push_str(&format!(", {failed} failed"));
    }
    if not_attempted > 0 {
        summary.push_str(&format!(", {not_attempted} not attempted"));
    }
    if let Some(r) = &reason {
        summary.push_str(&format!(" ({r})"));
    }
    if failed + not_attempted > 0 {
        ctx.ui.warn(&summary);
    } else {
        ctx.ui.info(&summary);
    }
    match (interrupted || abandoned, &stop) {
        (true, _) => Exit::Interrupted,
        (false, Some(s)) if s.exit != Exit::Partial => s.exit,
        _ if failed + not_attempted > 0 => Exit::Partial,
        _ => Exit::Ok,
    }
}

async fn dry(ctx: &Ctx, jobs: Vec<Job>, report: &mut Report) -> Result<Exit, Failure> {
    let mut total = 0.0;
    let mut known = true;
    let mut invalid = None;
    for job in &jobs {
        match prepare(ctx, job).await {
            Ok(call) => {
                let plan = ctx.client.plan(&call);
                match &plan.estimated_cost {
                    Some(c) => total += c.usd,
                    None => known = false,
                }
                if ctx.ui.json {
                    report.write(
                        &ctx.ui,
                        &json!({"input": job.input.label(), "output": job.target.label(), "status": "dry-run", "plan": plan}),
                    );
                } else {
                    ctx.ui.print(&format!("# {} -> {}\n{plan}", job.input.label(), job.target.label()));
                }
            }
            Err(e) => {
                let message = format!("{}: {}", job.input.label(), describe(&e));
                ctx.ui.error(&message);
                invalid.get_or_insert(Exit::of(&e));
            }
        }
    }
    if !ctx.ui.json {
        if known {
            ctx.ui.print(&format!(
                "estimated total: ${total:.4} for {} request(s); nothing was sent",
                jobs.len()
            ));
        } else {
            ctx.ui
                .print(&format!("estimated total: unknown for {} request(s); nothing was sent", jobs.len()));
        }
    }
    Ok(invalid.unwrap_or(Exit::Ok))
}
