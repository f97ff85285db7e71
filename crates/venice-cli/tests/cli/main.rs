//! The real `venice` binary against the emulator: one test binary (one link
//! of the heavy dependencies), a module per area.

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
mod money_folder;
mod money_formats;
mod money_keys;
mod money_order;
mod money_prices;
mod money_rerun;
mod names;
mod offline;
mod photos;
mod pipeline;
mod reliability;
mod upscale;
mod wallet;
mod watch;
