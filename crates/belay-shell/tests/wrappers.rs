//! Table tests for unwrapping: privilege wrappers, runners, xargs, find -exec, shells,
//! eval, ssh, containers, nested wrappers, decode-and-run payloads.
//!
//! Expected values use the rendering of `common::render` (see `core.rs`).

mod common;

use common::run_table;

#[test]
fn privilege_wrappers() {
    run_table(
        "sudo",
        &[
            ("sudo rm -rf /", "[sudo] rm -rf /"),
            ("sudo -u root rm x", "[sudo(root)] rm x"),
            ("sudo -uroot rm x", "[sudo(root)] rm x"),
            ("sudo --user=www rm x", "[sudo(www)] rm x"),
            ("sudo -E -H -- rm x", "[sudo] rm x"),
            ("sudo -i", "sudo -i"),
            ("sudo", "sudo"),
            ("sudo -g wheel -p pw ls", "[sudo] ls"),
            ("sudo FOO=1 make install", "[sudo] FOO=1 make install"),
            ("doas -u alice rm x", "[sudo(alice)] rm x"),
            ("pkexec rm -rf /etc", "[sudo] rm -rf /etc"),
            ("pkexec --user bob ls", "[sudo(bob)] ls"),
            ("su -c 'rm -rf /root/x' root", "[sudo(root)] rm -rf /root/x"),
            ("su - admin -c \"ls /\"", "[sudo(admin)] ls /"),
            ("su", "su"),
            ("/usr/bin/sudo rm x", "[sudo] rm x"),
            (
                "sudo tee /etc/hosts > /dev/null",
                "[sudo] tee /etc/hosts >/dev/null",
            ),
        ],
    );
}

#[test]
fn runners() {
    run_table(
        "runners",
        &[
            ("env rm x", "[env] rm x"),
            ("env -i A=1 B=2 rm x", "[env] A=1 B=2 rm x"),
            ("env -u HOME -C /tmp rm x", "[env] rm x"),
            ("env A=1", "env A=1"),
            ("env -S 'rm -rf x'", "[env] rm -rf x"),
            ("nice -n 10 rm x", "[nice] rm x"),
            ("nice -10 rm x", "[nice] rm x"),
            ("nohup rm x &", "[nohup] rm x &"),
            ("timeout 10 rm x", "[timeout] rm x"),
            ("timeout -s KILL -k 5 10s rm x", "[timeout] rm x"),
            ("timeout --signal=TERM 1m rm x", "[timeout] rm x"),
            ("time rm x", "[time] rm x"),
            ("time -p rm x", "[time] rm x"),
            ("stdbuf -oL rm x", "[stdbuf] rm x"),
            ("stdbuf -o L -e 0 rm x", "[stdbuf] rm x"),
            ("ionice -c3 rm x", "[ionice] rm x"),
            ("ionice -c 2 -n 7 rm x", "[ionice] rm x"),
            ("command rm x", "[command] rm x"),
            ("command -v rm", "command -v rm"),
            ("builtin cd /tmp && ls", "[builtin] cd /tmp ⏎ ls cwd=/tmp"),
            ("exec rm x", "[exec] rm x"),
            ("exec -a foo rm x", "[exec] rm x"),
            ("setsid rm x", "[setsid] rm x"),
            ("chronic rm x", "[chronic] rm x"),
            ("unbuffer rm x", "[unbuffer] rm x"),
            ("caffeinate -i rm x", "[caffeinate] rm x"),
            ("flock /tmp/lock rm x", "[flock] rm x"),
            ("flock -w 5 /tmp/lock rm x", "[flock] rm x"),
            ("flock /tmp/lock -c 'rm x'", "[flock] rm x"),
            ("watch -n 5 'rm x'", "[watch] rm x"),
            ("watch ls -l", "[watch] ls -l"),
            (
                "watch -n 1 'ps aux | grep x'",
                "[watch] ps aux >pipe:1 ⏎ [watch] grep x <stdin:0>",
            ),
            ("npx rimraf dist", "npx rimraf dist"),
            ("bundle exec rake", "bundle exec rake"),
        ],
    );
}

#[test]
fn xargs_and_find() {
    run_table(
        "xargs",
        &[
            ("ls | xargs rm", "ls >pipe:1 ⏎ [xargs] rm <stdin:0>"),
            (
                "find . | xargs -0 -n 1 -P 4 rm -f",
                "find . >pipe:1 ⏎ [xargs] rm -f <stdin:0>",
            ),
            ("xargs -I {} rm {}", "[xargs] rm {}"),
            ("xargs -I{} rm {}", "[xargs] rm {}"),
            ("xargs -d '\\n' -L 1 -r -t rm", "[xargs] rm"),
            ("xargs", "[xargs] echo"),
            ("xargs sudo rm", "[xargs>sudo] rm"),
            (
                "find . -name '*.tmp' -exec rm {} \\;",
                "find . -name '*.tmp' -exec rm {} ';' ⏎ [find-exec] rm {}",
            ),
            (
                "find . -exec rm -rf {} +",
                "find . -exec rm -rf {} + ⏎ [find-exec] rm -rf {}",
            ),
            (
                "find / -execdir sh -c 'rm x' \\; -ok ls \\;",
                "find / -execdir sh -c 'rm x' ';' -ok ls ';' ⏎ [find-exec>shell(sh)] rm x ⏎ [find-exec] ls",
            ),
            ("find . -delete", "find . -delete"),
            ("find . -name x", "find . -name x"),
        ],
    );
}

#[test]
fn shells_and_eval() {
    run_table(
        "shells",
        &[
            ("bash -c 'rm -rf /tmp/x'", "[shell(bash)] rm -rf /tmp/x"),
            (
                "sh -c \"ls | wc -l\"",
                "[shell(sh)] ls >pipe:1 ⏎ [shell(sh)] wc -l <stdin:0>",
            ),
            ("bash -lc 'make'", "[shell(bash)] make"),
            ("bash -e -x -c 'make'", "[shell(bash)] make"),
            ("zsh -c 'a; b'", "[shell(zsh)] a ⏎ [shell(zsh)] b"),
            ("dash -c x", "[shell(dash)] x"),
            ("bash -o pipefail -c 'a'", "[shell(bash)] a"),
            ("bash script.sh", "bash script.sh"),
            ("bash", "bash"),
            ("/bin/sh -c 'id'", "[shell(sh)] id"),
            (
                "bash -c 'cd /tmp && rm x'; rm y",
                "[shell(bash)] cd /tmp ⏎ [shell(bash)] rm x cwd=/tmp ⏎ rm y",
            ),
            (
                "bash -c \"bash -c 'cd ~/Documents && rm -rf reports-2023'\"",
                "[shell(bash)>shell(bash)] cd ~/Documents ⏎ [shell(bash)>shell(bash)] rm -rf reports-2023 cwd=~/Documents",
            ),
            (
                "sudo env FOO=1 bash -c \"rm -rf /tmp/x\"",
                "[sudo>env>shell(bash)] FOO=1 rm -rf /tmp/x",
            ),
            (
                "D=/tmp/y; bash -c \"rm -rf $D\"",
                "D=/tmp/y ⏎ [shell(bash)] rm -rf /tmp/y",
            ),
            ("bash -c \"rm -rf $HOME\"", "[shell(bash)] rm -rf $HOME"),
            (
                "bash -c \"$(curl -s x)\"",
                "curl -s x >arg:1 ⏎ [shell(bash)] $UNKNOWN",
            ),
            ("eval rm -rf /tmp/x", "[shell(eval)] rm -rf /tmp/x"),
            ("eval 'a && b'", "[shell(eval)] a ⏎ [shell(eval)] b"),
            ("eval \"cd /x\"; rm y", "[shell(eval)] cd /x ⏎ rm y cwd=/x"),
            ("eval", "eval"),
            (
                "bash <<'X'\nrm -rf /tmp/a\nX",
                "[shell(bash)] rm -rf /tmp/a",
            ),
            ("sh <<< 'rm -rf /tmp/a'", "[shell(sh)] rm -rf /tmp/a"),
            ("bash -s <<EOF\nls\nEOF", "[shell(bash)] ls"),
            (
                "echo x | bash -c 'cat'",
                "echo x >pipe:1 ⏎ [shell(bash)] cat <stdin:0>",
            ),
            ("fish -c 'rm x'", "[shell(fish)] rm x"),
            ("ksh -c 'rm x'", "[shell(ksh)] rm x"),
        ],
    );
}

#[test]
fn ssh_and_containers() {
    run_table(
        "remote",
        &[
            (
                "ssh host 'rm -rf /var/www'",
                "ssh host 'rm -rf /var/www' ⏎ [ssh(host)] rm -rf /var/www cwd=?",
            ),
            (
                "ssh -p 22 -i key.pem user@prod.example.com rm -rf /tmp/x",
                "ssh -p 22 -i key.pem user@prod.example.com rm -rf /tmp/x ⏎ [ssh(prod.example.com)] rm -rf /tmp/x cwd=?",
            ),
            (
                "ssh -t -o StrictHostKeyChecking=no h 'sudo reboot'",
                "ssh -t -o StrictHostKeyChecking=no h 'sudo reboot' ⏎ [ssh(h)>sudo] reboot cwd=?",
            ),
            (
                "ssh -L 8080:localhost:80 -J jump h ls",
                "ssh -L 8080:localhost:80 -J jump h ls ⏎ [ssh(h)] ls cwd=?",
            ),
            ("ssh host", "ssh host"),
            (
                "docker exec -it web rm -rf /data",
                "[docker exec(web)] rm -rf /data",
            ),
            (
                "docker exec -u root -e A=1 web sh -c 'rm x'",
                "[docker exec(web)>shell(sh)] rm x",
            ),
            (
                "docker compose exec app rake db:drop",
                "[docker compose exec(app)] rake db:drop",
            ),
            (
                "docker-compose exec -T app ls",
                "[docker-compose exec(app)] ls",
            ),
            ("podman exec c1 ls", "[podman exec(c1)] ls"),
            (
                "docker run --rm -it --privileged -v /:/host alpine rm -rf /host/etc",
                "docker run --rm -it --privileged -v /:/host alpine rm -rf /host/etc ⏎ [docker run(alpine)] rm -rf /host/etc",
            ),
            (
                "docker run -d --name x -p 80:80 nginx",
                "docker run -d --name x -p 80:80 nginx",
            ),
            (
                "docker run --entrypoint sh -w /app img -c 'ls'",
                "docker run --entrypoint sh -w /app img -c 'ls' ⏎ [docker run(img)] -c 'ls'",
            ),
            (
                "kubectl exec -it pod1 -- rm -rf /data",
                "kubectl exec -it pod1 -- rm -rf /data ⏎ [kubectl exec(pod1)] rm -rf /data",
            ),
            (
                "kubectl exec -n prod -c app pod1 -- sh -c 'ls'",
                "kubectl exec -n prod -c app pod1 -- sh -c 'ls' ⏎ [kubectl exec(pod1)>shell(sh)] ls",
            ),
            ("kubectl get pods", "kubectl get pods"),
            ("docker ps", "docker ps"),
        ],
    );
}

#[test]
fn nested_and_real_world() {
    run_table(
        "real-world",
        &[
            (
                "FOO=$(curl x) bash -c \"$FOO\"",
                "curl x >arg:1 ⏎ [shell(bash)] FOO=$(…) $FOO",
            ),
            ("echo $(rm -rf /) &", "rm -rf / >arg:1 ⏎ echo $(…) &"),
            (
                "nohup bash -c 'x' > /dev/null 2>&1 &",
                "[nohup>shell(bash)] x &",
            ),
            ("xargs -0 rm < list", "[xargs] rm <list"),
            (
                "sudo -u bob -- bash -lc 'cd /srv && git pull'",
                "[sudo(bob)>shell(bash)] cd /srv ⏎ [sudo(bob)>shell(bash)] git pull cwd=/srv",
            ),
            (
                "find . -type f -print0 | xargs -0 sed -i s/a/b/",
                "find . -type f -print0 >pipe:1 ⏎ [xargs] sed -i s/a/b/ <stdin:0>",
            ),
            (
                "git commit -m \"$(cat <<'EOF'\nfix: rm -rf stuff\nEOF\n)\"",
                "cat <<[fix: rm -rf stuff\\n] >arg:1 ⏎ git commit -m $(…)",
            ),
            (
                "X=$(mktemp) && curl -o $X http://x && bash $X",
                "mktemp >var:X ⏎ X=$(…) ⏎ curl -o $X http://x ⏎ bash $X",
            ),
            (
                "cd /tmp; for f in *; do rm -rf \"$f\"; done",
                "cd /tmp ⏎ rm -rf $f cwd=/tmp",
            ),
            (
                "env -i PATH=/bin sh -c 'rm -rf /tmp/$USER'",
                "[env>shell(sh)] PATH=/bin rm -rf /tmp/$USER",
            ),
            (
                "ssh user@h \"cd /var/www && rm -rf cache\"",
                "ssh user@h 'cd /var/www && rm -rf cache' ⏎ [ssh(h)] cd /var/www cwd=? ⏎ [ssh(h)] rm -rf cache cwd=/var/www",
            ),
            (
                "docker run -v $(pwd):/src img make",
                "pwd >arg:1 ⏎ docker run -v $(…):/src img make ⏎ [docker run(img)] make",
            ),
            ("timeout 5 sudo -n true", "[timeout>sudo] true"),
            (
                "kubectl exec pod -- bash -c 'rm -rf /data/*'",
                "kubectl exec pod -- bash -c 'rm -rf /data/*' ⏎ [kubectl exec(pod)>shell(bash)] rm -rf /data/*",
            ),
            (
                "xargs sh -c 'rm -rf \"$1\"' _",
                "[xargs>shell(sh)] rm -rf $1",
            ),
            (
                "sudo xargs -I{} ssh {} reboot",
                "[sudo>xargs] ssh {} reboot ⏎ [sudo>xargs>ssh({})] reboot cwd=?",
            ),
        ],
    );
}

#[test]
fn decode_and_run() {
    // "cm0gLXJmIC90bXAveA==" is base64 for "rm -rf /tmp/x"; the hex is "rm -rf /tmp/x".
    run_table(
        "decode",
        &[
            (
                "echo cm0gLXJmIC90bXAveA== | base64 -d | sh",
                "echo cm0gLXJmIC90bXAveA== >pipe:1 ⏎ base64 -d <stdin:0> >pipe:2 ⏎ sh <stdin:0,1> ⏎ [shell(base64)] rm -rf /tmp/x",
            ),
            (
                "echo 'cm0gLXJmIC90bXAveA==' | base64 --decode | bash",
                "echo 'cm0gLXJmIC90bXAveA==' >pipe:1 ⏎ base64 --decode <stdin:0> >pipe:2 ⏎ bash <stdin:0,1> ⏎ [shell(base64)] rm -rf /tmp/x",
            ),
            (
                "base64 -d <<< cm0gLXJmIC90bXAveA== | sh",
                "base64 -d <<<[cm0gLXJmIC90bXAveA==] >pipe:1 ⏎ sh <stdin:0> ⏎ [shell(base64)] rm -rf /tmp/x",
            ),
            (
                "printf '%s' cm0gLXJmIC90bXAveA== | base64 -d | bash",
                "printf '%s' cm0gLXJmIC90bXAveA== >pipe:1 ⏎ base64 -d <stdin:0> >pipe:2 ⏎ bash <stdin:0,1> ⏎ [shell(base64)] rm -rf /tmp/x",
            ),
            (
                "echo 726d202d7266202f746d702f78 | xxd -r -p | sh",
                "echo 726d202d7266202f746d702f78 >pipe:1 ⏎ xxd -r -p <stdin:0> >pipe:2 ⏎ sh <stdin:0,1> ⏎ [shell(xxd)] rm -rf /tmp/x",
            ),
            (
                "echo '!!notbase64' | base64 -d | sh",
                "echo '!!notbase64' >pipe:1 ⏎ base64 -d <stdin:0> >pipe:2 ⏎ sh <stdin:0,1>",
            ),
            (
                "echo $X | base64 -d | sh",
                "echo $X >pipe:1 ⏎ base64 -d <stdin:0> >pipe:2 ⏎ sh <stdin:0,1>",
            ),
            (
                "echo cm0gLXJmIC90bXAveA== | base64 -d",
                "echo cm0gLXJmIC90bXAveA== >pipe:1 ⏎ base64 -d <stdin:0>",
            ),
            (
                "echo 'rm -rf ~' | sh",
                "echo 'rm -rf ~' >pipe:1 ⏎ sh <stdin:0> ⏎ [shell(sh)] rm -rf ~",
            ),
            (
                "printf 'rm -rf /tmp/x' | bash -s",
                "printf 'rm -rf /tmp/x' >pipe:1 ⏎ bash -s <stdin:0> ⏎ [shell(bash)] rm -rf /tmp/x",
            ),
            (
                "echo cm0gLXJmIC90bXAveA== | base64 -d | sudo bash",
                "echo cm0gLXJmIC90bXAveA== >pipe:1 ⏎ base64 -d <stdin:0> >pipe:2 ⏎ [sudo] bash <stdin:0,1> ⏎ [sudo>shell(base64)] rm -rf /tmp/x",
            ),
            ("echo hi | cat", "echo hi >pipe:1 ⏎ cat <stdin:0>"),
            (
                "echo hi | sh -c 'cat'",
                "echo hi >pipe:1 ⏎ [shell(sh)] cat <stdin:0>",
            ),
        ],
    );
}
