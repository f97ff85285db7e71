//! The library's `tracing` events on stderr, where people see them:
//! warnings always (unless `--quiet`), details with `-v`, any level with
//! `VENICE_LOG=debug` (or `trace`, `info`, `warn`, `error`, `off`). In a batch
//! each line names its input (the job's span); lines are written between
//! redraws of the progress bar. Colours go through anstream, which honours
//! `NO_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE`.

use std::fmt;
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use anstyle::{AnsiColor, Style};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields, MakeWriter};
use tracing_subscriber::registry::LookupSpan;

use crate::ui::clean::terminal_safe;

/// The variable that sets the level.
pub const LOG_ENV: &str = "VENICE_LOG";

/// When the subscriber was installed: the origin of debug lines' times.
static START: OnceLock<Instant> = OnceLock::new();

/// The progress bar on screen, if any: log lines are printed around it.
static BAR: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);

/// Shows log lines around this bar until [`clear_bar`].
pub fn set_bar(bar: &indicatif::ProgressBar) {
    if let Ok(mut slot) = BAR.lock() {
        *slot = Some(bar.clone());
    }
}

/// The bar is gone.
pub fn clear_bar() {
    if let Ok(mut slot) = BAR.lock() {
        *slot = None;
    }
}

/// Installs the subscriber. An unreadable `VENICE_LOG` falls back to the
/// flags' level and says so.
pub fn init(quiet: bool, verbose: bool) {
    START.get_or_init(Instant::now);
    let by_flags = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (_, true) => LevelFilter::INFO,
        _ => LevelFilter::WARN,
    };
    let asked = std::env::var(LOG_ENV).ok().filter(|v| !v.trim().is_empty());
    let (level, bad) = match asked.as_deref().map(|v| v.trim().parse::<LevelFilter>()) {
        Some(Ok(level)) => (level, None),
        Some(Err(_)) => (by_flags, asked),
        None => (by_flags, None),
    };
    let _ =
        tracing_subscriber::fmt().with_max_level(level).event_format(Lines).with_writer(Stderr).try_init();
    if let Some(value) = bad {
        tracing::warn!("{LOG_ENV}={value:?} is not a level (error, warn, info, debug, trace, off); ignored");
    }
}

/// `warning: message field=value`, after the input's name in a batch.
struct Lines;

impl<S, N> FormatEvent<S, N> for Lines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut w: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let (label, style) = match *event.metadata().level() {
            Level::ERROR => ("error:", AnsiColor::Red.on_default().bold()),
            Level::WARN => ("warning:", AnsiColor::Yellow.on_default().bold()),
            Level::INFO => ("info:", Style::new().dimmed()),
            _ => ("debug:", Style::new().dimmed()),
        };
        write!(w, "{style}{label}{style:#} ")?;
        if *event.metadata().level() >= Level::DEBUG {
            // Debug lines say when, to the tenth of a millisecond since the
            // start, so that delays can be read off them.
            let since = START.get_or_init(Instant::now).elapsed();
            write!(w, "[{:.1} ms] ", since.as_secs_f64() * 1000.0)?;
        }
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                if let Some(fields) = span.extensions().get::<FormattedFields<N>>()
                    && !fields.is_empty()
                {
                    write!(w, "{}: ", terminal_safe(&fields.to_string()))?;
                }
            }
        }
        // The fields may quote the service: escaped before they are written.
        let mut fields = String::new();
        ctx.field_format().format_fields(Writer::new(&mut fields), event)?;
        writeln!(w, "{}", terminal_safe(&fields))
    }
}

/// Standard error through anstream (which strips colours where they are
/// not wanted), with the progress bar suspended while a line is written.
struct Stderr;

impl<'a> MakeWriter<'a> for Stderr {
    type Writer = Line;
    fn make_writer(&'a self) -> Line {
        Line(Vec::new())
    }
}

/// One event's text, written out when dropped.
pub struct Line(Vec<u8>);

impl Write for Line {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.0);
        let write = || {
            let mut err = anstream::stderr().lock();
            let _ = err.write_all(&text);
        };
        let bar = BAR.lock().ok().and_then(|slot| slot.clone());
        match bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }
}
