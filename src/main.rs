//! The `pyprep` binary: parse arguments, run, map the outcome to an exit status.

mod app;
mod cli;
mod ctx;
mod man_page;
mod pager;
mod session_app;

/// mimalloc rather than the system's allocator: grading a batch allocates and frees a
/// hundred small blocks per answer on every thread, which mimalloc serves from per-thread
/// free lists with fewer instructions and page faults (figures in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ignore_file_size_signal();
    let cli = cli::parse();
    let code = match app::run(cli) {
        Ok(exit) => exit as i32,
        // The reader went away (`pyprep man | head`): nothing is wrong, and nobody is left
        // to tell, so stop quietly as other pipeline tools do.
        Err(e) if app::is_broken_pipe(&e) => 0,
        Err(e) => {
            // Printed with `{:#}` rather than returned from main, so RUST_BACKTRACE=1 in the
            // environment never shows users a backtrace for an ordinary error.
            eprintln!("error: {e:#}");
            ctx::Exit::Incomplete as i32
        }
    };
    std::process::exit(code);
}

/// Past a file-size limit (`ulimit -f`) the kernel kills a writer with SIGXFSZ, mid-line.
/// Ignored, the write fails with an error instead, which pyprep reports (and a session
/// keeps the answer as a draft).
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: done first thing, before any thread starts; SIG_IGN runs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
