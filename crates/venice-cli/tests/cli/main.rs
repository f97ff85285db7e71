//! The real `venice` binary against the emulator: one test binary (one link
//! of the heavy dependencies), a module per area.

mod answers;
mod batch_safety;
mod cache;
mod commands;
mod common;
mod compare;
mod compare_generate;
mod config;
mod cutouts;
mod gallery;
mod gen_pipeline;
mod generate;
mod generate_spec;
mod help_and_messages;
mod hostile;
mod logs;
mod mcp;
mod mcp_confine;
mod mcp_generate;
mod money_folder;
mod money_formats;
mod money_keys;
mod money_order;
mod money_prices;
mod money_rerun;
mod names;
mod offline;
#[cfg(feature = "heic")]
mod phone_heif;
#[cfg(not(feature = "heic"))]
mod phone_heif_off;
mod phone_photos;
mod photos;
mod pipeline;
mod pipeline_safety;
mod polish;
mod refusals;
mod reliability;
mod serve;
mod upscale;
mod wallet;
mod wallet_compat;
mod wallet_sources;
mod watch;
mod watch_own;
