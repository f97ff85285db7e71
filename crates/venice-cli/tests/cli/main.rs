//! The real `venice` binary against the emulator: one test binary (one link
//! of the heavy dependencies), a module per area.

mod batch_safety;
mod commands;
mod common;
mod compare;
mod config;
mod gallery;
mod logs;
mod mcp;
mod offline;
mod reliability;
mod upscale;
mod wallet;
