//! The tests with a time bound (hostile input that must build or fail
//! within seconds), in a test binary of their own: cargo runs test binaries
//! one after the other, so no other area's builds share the machine with
//! them. The harness is `tests/it/common.rs`.

#[path = "../it/common.rs"]
mod common;
mod hostile;
