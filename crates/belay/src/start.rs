//! How the `belay` process starts and ends: what Rust's runtime start-up would do, less the
//! part that costs every hook most.
//!
//! An agent starts `belay hook` on every tool call. Rust's own start-up (`lang_start`) asks
//! glibc for the main thread's stack bounds, and glibc answers by reading and parsing
//! `/proc/self/maps`: about 100 000 instructions and 50–90 µs per process (a fifth of what a
//! client of the resident process costs), only so that a main thread that overflows its stack
//! prints a message before it dies. It dies either way. So `main.rs` is `#![no_main]` and
//! [`main`] here does the rest of that start-up and shutdown itself:
//!
//! * standard descriptors 0–2 that are closed are opened on `/dev/null`, so that no file the
//!   process opens later (the store) becomes its stdout or stderr;
//! * `SIGPIPE` is ignored, so a reader that goes away makes a write fail with an error instead
//!   of killing the process silently;
//! * stdout is flushed before the process exits with the code the program returned.
//!
//! What is lost: the stack-overflow message (the process still dies, by `SIGSEGV`), and the
//! main thread's name in panic messages (belay's panic hook does not print it).

use std::io::Write as _;

/// The exit code the program returns: the subset of `std::process::ExitCode` belay uses,
/// readable as a number (which the standard one is not, on stable Rust).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitCode(u8);

impl ExitCode {
    pub const SUCCESS: ExitCode = ExitCode(0);
}

impl From<u8> for ExitCode {
    fn from(code: u8) -> ExitCode {
        ExitCode(code)
    }
}

/// The process's entry point, called by the C runtime with the arguments (which the standard
/// library reads by itself: `std::env::args` works as usual).
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    open_closed_standard_descriptors();
    // SAFETY: setting a signal's disposition to "ignore" is async-signal-safe and touches no
    // memory of ours; no other thread exists yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let ExitCode(code) = crate::belay_main();
    // A reader that went away already made the program's own writes fail; nothing to add.
    let _ = std::io::stdout().flush();
    libc::c_int::from(code)
}

/// Opens `/dev/null` on each of descriptors 0, 1 and 2 that is closed (the lowest free
/// descriptor is the one `open` returns, so they are filled in order). Aborts when one cannot
/// be opened, as Rust's own start-up does: a store opened on descriptor 2 would be corrupted
/// by the first message on stderr.
fn open_closed_standard_descriptors() {
    for fd in 0..3 {
        // SAFETY: F_GETFD only reads the descriptor's flags.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if !closed {
            continue;
        }
        // SAFETY: a constant, NUL-terminated path; the descriptor is kept open for the
        // process's life on purpose.
        let opened = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        if opened == -1 {
            std::process::abort();
        }
    }
}
