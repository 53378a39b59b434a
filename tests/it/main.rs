//! The end-to-end tests, in one test binary so that the crate (and Typst
//! with it) is linked once: one module per area, the shared harness in
//! `common.rs`. Run one area with `cargo test --test it <module>::`, e.g.
//! `cargo test --test it pdf::`. The tests with a time bound (hostile
//! input) are in `tests/bounded/`, a binary of their own.

mod architecture;
mod build_pages;
mod check;
mod check_books;
mod common;
mod deploy_nginx;
mod deploy_workflows;
mod desk;
mod docs;
mod errors;
mod fuzz_regressions;
mod golden;
mod init;
#[cfg(unix)]
mod install;
mod links;
mod live;
mod new;
mod output;
mod pages_and_look;
mod pdf;
mod photos;
mod pieces;
mod properties;
mod search;
mod serve;
mod serve_books;
mod traps;
mod ui_lang;
mod yearbook;
