//! `--max-cost-per-day`: the engine's spending guard for the current UTC
//! day, its spend kept in the state folder (`serve-spend.json`) so that a
//! restart does not reset it. A new day starts a new guard.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::engine::Guard;

/// What the state file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    /// Days since 1970-01-01, UTC.
    day: u64,
    spent_usd: f64,
}

/// Today's guard and where its spend is kept.
pub struct Daily {
    max: Option<f64>,
    file: Option<PathBuf>,
    today: Mutex<(u64, Arc<Guard>)>,
}

fn today() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400)
}

impl Daily {
    /// The guard for today, with what the state file says was spent today.
    pub fn load(max: Option<f64>, folder: Option<PathBuf>) -> Result<Self, String> {
        let file = folder.map(|d| d.join("serve-spend.json"));
        let day = today();
        let saved: Saved = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|s: &Saved| s.day == day)
            .unwrap_or_default();
        let guard = Guard::new(None, max).map_err(|e| e.replace("--max-cost-total", "--max-cost-per-day"))?;
        Ok(Self { max, file, today: Mutex::new((day, Arc::new(guard.with_spent(saved.spent_usd)))) })
    }

    /// Today's guard (a fresh one when the day changed).
    pub fn guard(&self) -> Arc<Guard> {
        let mut today_guard = self.today.lock().unwrap_or_else(PoisonError::into_inner);
        let day = today();
        if today_guard.0 != day
            && let Ok(fresh) = Guard::new(None, self.max)
        {
            *today_guard = (day, Arc::new(fresh));
        }
        today_guard.1.clone()
    }

    /// Today's estimated spend.
    pub fn spent(&self) -> f64 {
        self.guard().status().2
    }

    /// Writes today's spend to the state file (atomically); a warning when
    /// it cannot be written.
    pub fn save(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let (day, spent) = {
            let t = self.today.lock().unwrap_or_else(PoisonError::into_inner);
            (t.0, t.1.status().2)
        };
        let text = serde_json::to_vec(&Saved { day, spent_usd: spent }).ok()?;
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| e.to_string())
            .and_then(|()| venice_image::write_atomic(file, &text).map_err(|e| e.to_string()));
        written.err().map(|e| format!("today's spend cannot be kept in {}: {e}", file.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spend_of_today_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let daily = Daily::load(Some(1.0), Some(dir.path().into())).unwrap();
        daily.guard().hold(Some(0.25), false).unwrap().count(1);
        assert_eq!(daily.save(), None);
        let again = Daily::load(Some(1.0), Some(dir.path().into())).unwrap();
        assert!((again.spent() - 0.25).abs() < 1e-9);
        assert!(again.guard().hold(Some(0.8), false).is_err(), "over the day's limit");
    }
}
