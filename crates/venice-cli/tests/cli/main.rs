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
mod generate;
mod help_and_messages;
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
mod pipeline_safety;
mod refusals;
mod reliability;
mod serve;
mod upscale;
mod wallet;
mod wallet_compat;
mod wallet_sources;
mod watch;
mod watch_own;
