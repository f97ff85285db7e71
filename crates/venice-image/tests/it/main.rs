//! The client against the emulator and real images: one test binary (one
//! link of the heavy dependencies), a module per area.

mod catalogue_cache;
mod common;
mod limits;
mod operations;
mod properties;
mod retries;
mod transport;
mod upscale;
mod validation;
mod wallet;
mod wire_agreement;
