//! The `kyyeu` binary: the allocator, and `main`, which hands the command
//! line to [`cli`] (parsing, running a command, printing, exit status).
//!
//! Uses: nothing of the library but its public API (`kyyeu::`), through
//! `cli`.

mod cli;

use std::process::ExitCode;

/// mimalloc returns the memory of decoded photos to the system between
/// photos, where glibc's allocator kept it (1.2 GB for 400 photos). It is
/// built without transparent huge pages (feature `no_thp`): memory it gives
/// back and takes again was then zeroed 2 MB at a time, a sixth of the CPU
/// of a 100,000-article build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run(std::env::args_os().collect())
}
