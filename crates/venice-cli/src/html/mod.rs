//! The HTML pages the CLI writes: `venice compare`'s side-by-side page, the
//! `--gallery` of a batch, and the stages of a pipeline.
//! Each page is one file that opens from disk: inline CSS, no script
//! needed, nothing loaded from the network, every string from a user or
//! the service escaped by [`escape::escape`].

pub mod escape;
pub mod gallery;
pub mod page;
pub mod pipeline;
pub mod style;
pub mod thumbs;
