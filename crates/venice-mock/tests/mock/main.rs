//! The emulator over real HTTP: one test binary (one link of the heavy
//! dependencies), a module per area.

mod common;
mod faults;
mod generate;
mod pacing;
mod rules;
mod scoped_faults;
mod upscale;
