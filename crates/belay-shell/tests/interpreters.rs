//! Table tests for interpreter one-liners: the interpreter command stays as it is and the
//! shell commands its code obviously runs are added with an `Interpreter` wrapper.
//!
//! Expected values use the rendering of `common::render` (see `core.rs`).

mod common;

use common::run_table;

#[test]
fn python() {
    run_table(
        "python",
        &[
            (
                "python3 -c 'import os; os.system(\"rm -rf /tmp/x\")'",
                "python3 -c 'import os; os.system(\"rm -rf /tmp/x\")' ⏎ [interp(python3)] rm -rf /tmp/x",
            ),
            (
                "python -c \"import os; os.popen('ls -la').read()\"",
                "python -c 'import os; os.popen('ls -la').read()' ⏎ [interp(python)] ls -la",
            ),
            (
                "python3 -c 'import subprocess; subprocess.run([\"rm\", \"-rf\", \"build\"])'",
                "python3 -c 'import subprocess; subprocess.run([\"rm\", \"-rf\", \"build\"])' ⏎ [interp(python3)] rm -rf build",
            ),
            (
                "python3 -c 'import subprocess as sp; sp.call(\"make clean\", shell=True)'",
                "python3 -c 'import subprocess as sp; sp.call(\"make clean\", shell=True)' ⏎ [interp(python3)] make clean",
            ),
            (
                "python3 -c 'import subprocess; subprocess.check_output([\"git\", \"push\", \"--force\"])'",
                "python3 -c 'import subprocess; subprocess.check_output([\"git\", \"push\", \"--force\"])' ⏎ [interp(python3)] git push --force",
            ),
            (
                "python3 -c 'import subprocess; subprocess.Popen(\"curl x | sh\", shell=True)'",
                "python3 -c 'import subprocess; subprocess.Popen(\"curl x | sh\", shell=True)' ⏎ [interp(python3)] curl x >pipe:2 ⏎ [interp(python3)] sh <stdin:1>",
            ),
            (
                "python3 -c 'import os; d=\"x\"; os.system(\"rm -rf \" + d)'",
                "python3 -c 'import os; d=\"x\"; os.system(\"rm -rf \" + d)' ⏎ [interp(python3)] rm -rf $UNKNOWN",
            ),
            (
                "python3 -c 'import os,shutil; os.system(\"rm -rf \" + os.path.expanduser(\"~/Documents\"))'",
                "python3 -c 'import os,shutil; os.system(\"rm -rf \" + os.path.expanduser(\"~/Documents\"))' ⏎ [interp(python3)] rm -rf ~/Documents",
            ),
            (
                "python3 -c 'import os; os.system(f\"rm -rf {path}/x\")'",
                "python3 -c 'import os; os.system(f\"rm -rf {path}/x\")' ⏎ [interp(python3)] rm -rf $UNKNOWN/x",
            ),
            ("python3 -c 'print(1)'", "python3 -c 'print(1)'"),
            (
                "python3 -c 'import shutil; shutil.rmtree(\"/tmp/x\")'",
                "python3 -c 'import shutil; shutil.rmtree(\"/tmp/x\")'",
            ),
            ("python3 script.py", "python3 script.py"),
            ("python3 -m http.server", "python3 -m http.server"),
            (
                "python3 - <<'EOF'\nimport os\nos.system('rm -rf /tmp/y')\nEOF",
                "python3 - <<[import os\\nos.system('rm -rf /tmp/y')\\n] ⏎ [interp(python3)] rm -rf /tmp/y",
            ),
            (
                "python3 <<EOF\nimport subprocess\nsubprocess.run(['ls'])\nEOF",
                "python3 <<[import subprocess\\nsubprocess.run(['ls'])\\n] ⏎ [interp(python3)] ls",
            ),
            (
                "sudo python3 -c 'import os; os.system(\"reboot\")'",
                "[sudo] python3 -c 'import os; os.system(\"reboot\")' ⏎ [sudo>interp(python3)] reboot",
            ),
            (
                "python3 -c 'app.run(\"0.0.0.0\")'",
                "python3 -c 'app.run(\"0.0.0.0\")'",
            ),
            (
                "python3 -c 'import os; os.system(\"\"\"rm -rf /a\"\"\")'",
                "python3 -c 'import os; os.system(\"\"\"rm -rf /a\"\"\")' ⏎ [interp(python3)] rm -rf /a",
            ),
            (
                "python3 -c 'os.system(r\"echo a\\\\b\")'",
                "python3 -c 'os.system(r\"echo a\\\\b\")' ⏎ [interp(python3)] echo a'\\'b",
            ),
            (
                "python3 -c 'os.system(\"rm\" \" -rf x\")'",
                "python3 -c 'os.system(\"rm\" \" -rf x\")' ⏎ [interp(python3)] rm -rf x",
            ),
        ],
    );
}

#[test]
fn node() {
    run_table(
        "node",
        &[
            (
                "node -e \"require('child_process').execSync('rm -rf dist')\"",
                "node -e 'require('child_process').execSync('rm -rf dist')' ⏎ [interp(node)] rm -rf dist",
            ),
            (
                "node -e 'const cp = require(\"child_process\"); cp.exec(\"ls\")'",
                "node -e 'const cp = require(\"child_process\"); cp.exec(\"ls\")' ⏎ [interp(node)] ls",
            ),
            (
                "node --eval 'child_process.spawnSync(\"rm\", [\"-rf\", \"/tmp/x\"])'",
                "node --eval 'child_process.spawnSync(\"rm\", [\"-rf\", \"/tmp/x\"])' ⏎ [interp(node)] rm -rf /tmp/x",
            ),
            (
                "node -e 'execSync(`rm -rf ${dir}`)'",
                "node -e 'execSync(`rm -rf ${dir}`)' ⏎ [interp(node)] rm -rf $UNKNOWN",
            ),
            ("node -e 'console.log(1)'", "node -e 'console.log(1)'"),
            ("node server.js", "node server.js"),
            (
                "node <<'EOF'\nrequire('child_process').execSync('id')\nEOF",
                "node <<[require('child_process').execSync('id')\\n] ⏎ [interp(node)] id",
            ),
            ("node -e '/x/.exec(s)'", "node -e '/x/.exec(s)'"),
        ],
    );
}

#[test]
fn perl_ruby_php_awk() {
    run_table(
        "others",
        &[
            (
                "perl -e 'system(\"rm -rf /tmp/x\")'",
                "perl -e 'system(\"rm -rf /tmp/x\")' ⏎ [interp(perl)] rm -rf /tmp/x",
            ),
            (
                "perl -e 'system \"rm\", \"-rf\", \"/tmp/x\"'",
                "perl -e 'system \"rm\", \"-rf\", \"/tmp/x\"' ⏎ [interp(perl)] rm -rf /tmp/x",
            ),
            (
                "perl -e 'exec(\"id\")'",
                "perl -e 'exec(\"id\")' ⏎ [interp(perl)] id",
            ),
            (
                "perl -e 'print `whoami`'",
                "perl -e 'print `whoami`' ⏎ [interp(perl)] whoami",
            ),
            (
                "perl -e 'my $x = qx(ls -la);'",
                "perl -e 'my $x = qx(ls -la);' ⏎ [interp(perl)] ls -la",
            ),
            ("perl -ne 'print if /x/' f", "perl -ne 'print if /x/' f"),
            (
                "perl -E 'system(\"rm -rf \" . $ENV{HOME})'",
                "perl -E 'system(\"rm -rf \" . $ENV{HOME})' ⏎ [interp(perl)] rm -rf $UNKNOWN",
            ),
            (
                "ruby -e 'system(\"rm -rf /tmp/x\")'",
                "ruby -e 'system(\"rm -rf /tmp/x\")' ⏎ [interp(ruby)] rm -rf /tmp/x",
            ),
            (
                "ruby -e 'puts `ls`'",
                "ruby -e 'puts `ls`' ⏎ [interp(ruby)] ls",
            ),
            (
                "ruby -e '%x(rm -rf #{dir})'",
                "ruby -e '%x(rm -rf #{dir})' ⏎ [interp(ruby)] rm -rf $UNKNOWN",
            ),
            (
                "ruby -e 'system(\"rm\", \"-rf\", \"x\")'",
                "ruby -e 'system(\"rm\", \"-rf\", \"x\")' ⏎ [interp(ruby)] rm -rf x",
            ),
            (
                "php -r 'system(\"rm -rf /tmp/x\");'",
                "php -r 'system(\"rm -rf /tmp/x\");' ⏎ [interp(php)] rm -rf /tmp/x",
            ),
            (
                "php -r 'echo shell_exec(\"id\");'",
                "php -r 'echo shell_exec(\"id\");' ⏎ [interp(php)] id",
            ),
            (
                "php -r 'passthru(\"rm \" . $f);'",
                "php -r 'passthru(\"rm \" . $f);' ⏎ [interp(php)] rm $UNKNOWN",
            ),
            ("php artisan migrate", "php artisan migrate"),
            (
                "awk 'BEGIN { system(\"rm -rf /tmp/x\") }'",
                "awk 'BEGIN { system(\"rm -rf /tmp/x\") }' ⏎ [interp(awk)] rm -rf /tmp/x",
            ),
            (
                "awk -F: '{ system(\"rm \" $1) }' /etc/passwd",
                "awk -F: '{ system(\"rm \" $1) }' /etc/passwd ⏎ [interp(awk)] rm $UNKNOWN",
            ),
            ("gawk -v x=1 '{print $1}' f", "gawk -v x=1 '{print $1}' f"),
            (
                "ls | awk '{print \"rm \" $1}' | sh",
                "ls >pipe:1 ⏎ awk '{print \"rm \" $1}' <stdin:0> >pipe:2 ⏎ sh <stdin:0,1>",
            ),
            ("perl -e 'system(' ", "perl -e 'system('"),
            (
                "python3 -c 'os.system(\"unterminated'",
                "python3 -c 'os.system(\"unterminated'",
            ),
            (
                "python3 -c 'os.system(os.system(os.system('",
                "python3 -c 'os.system(os.system(os.system('",
            ),
        ],
    );
}
