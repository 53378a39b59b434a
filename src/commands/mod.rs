//! The commands other than `build`, each a thin driver over the pipeline's
//! public phases (see the crate root): `check` validates without writing,
//! `serve` previews with live rebuilds (kept in memory by `live`), `new`
//! writes a new article or translation from a template.

pub mod check;
pub mod live;
pub mod new;
pub mod serve;
