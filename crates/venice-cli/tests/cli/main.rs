//! The real `venice` binary against the emulator: one test binary (one link
//! of the heavy dependencies), a module per area.

mod answers;
mod batch_safety;
mod cache;
mod commands;
mod common;
mod compare;
mod config;
mod cutouts;
mod gallery;
mod hostile;
mod logs;
mod mcp;
mod mcp_confine;
mod names;
mod offline;
mod phone_photos;
mod photos;
mod pipeline;
mod reliability;
mod upscale;
mod wallet;
mod watch;
