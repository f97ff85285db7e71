//! Leaves every stage may use, which use nothing of the crate: one source
//! of randomness (boundaries, temporary names, jitter), the crate's one
//! calendar (times in provenance and sign-in messages), and numbers written
//! for people (sizes, pixel counts, durations in messages).

pub(crate) mod human;
pub(crate) mod near;
pub(crate) mod random;
pub(crate) mod time;
