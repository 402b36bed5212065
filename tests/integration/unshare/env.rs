//! --clear-env, --whitelist-env and the login shell.

use super::*;

// ---------------------------------------------------- environment

#[test]
fn clear_env_and_whitelist() {
    let o = run(unshare_cmd(Rns, &["--clear-env", "env"]).env("RNS_TEST_ENV", "foo"));
    expect(&o, "", "", 0);
    let o = run(
        unshare_cmd(Rns, &["--whitelist-env", "RNS_A,RNS_NOPE", "env"])
            .env("RNS_A", "foo")
            .env("RNS_B", "foobar"),
    );
    expect(&o, "RNS_A=foo\n", "", 0);
    let o = run(unshare_cmd(
        Rns,
        &[
            "--whitelist-env=RNS_B,RNS_A",
            "--whitelist-env=PATH",
            "--fork",
            "env",
        ],
    )
    .env("RNS_A", "1")
    .env("RNS_B", "2")
    .env("RNS_C", "3"));
    // util-linux prepends each name to its list and sets them from the
    // head: the program's environ has them in reverse order.
    expect(
        &o,
        &format!("PATH={}\nRNS_A=1\nRNS_B=2\n", path_of(Rns)),
        "",
        0,
    );
    let o = run(
        unshare_cmd(Rns, &["--whitelist-env=RNS_A,,RNS_B,RNS_A,RNS_NOPE", "env"])
            .env("RNS_A", "1")
            .env("RNS_B", "2"),
    );
    expect(&o, "RNS_A=1\nRNS_B=2\n", "", 0);
    // Names are bytes, not UTF-8.
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"RNS_\xff");
        let mut arg = b"--whitelist-env=RNS_\xff".to_vec();
        arg.extend_from_slice(b",RNS_A");
        let o = run(unshare_cmd(Rns, &[])
            .arg(OsStr::from_bytes(&arg))
            .args(["env"])
            .env(name, "x")
            .env("RNS_A", "y"));
        assert_eq!(o.code, 0, "{o:?}");
        assert_eq!(o.stdout, "RNS_A=y\nRNS_\u{fffd}=x\n");
    }
    // execvp runs after clearenv, as upstream; an absolute program works.
    let o = direct(Rns, &["--clear-env", "/usr/bin/env"]);
    expect(&o, "", "", 0);
}

#[test]
fn no_program_runs_the_login_shell() {
    same("echo 'echo argv0=$0' | SHELL=/bin/sh unshare");
    same("echo 'echo argv0=$0' | SHELL=/bin/sh unshare --fork");
    same("SHELL=/nonexistent unshare");
    // Newest upstream: an empty or unset SHELL falls back to the passwd
    // shell (2.38.1 execs "" or uses /bin/sh).
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let uid = nix::unistd::getuid().as_raw().to_string();
    let shell = passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() >= 7 && f[2] == uid)
        .map(|f| f[6].to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into());
    let base = shell.rsplit('/').next().unwrap();
    if ["sh", "bash", "dash"].contains(&base) {
        // HOME elsewhere: the login shell's dotfiles are not ours to test.
        for sc in [
            "export HOME=/nonexistent; echo 'echo argv0=$0' | SHELL= unshare",
            "export HOME=/nonexistent; unset SHELL; echo 'echo argv0=$0' | unshare",
        ] {
            let o = script(Rns, sc);
            expect(&o, &format!("argv0=-{base}\n"), "", 0);
        }
        // The shell is chosen after --clear-env / --whitelist-env: $SHELL
        // is gone by then.
        let o = script(Rns, "export HOME=/nonexistent SHELL=/bin/sh; echo 'echo argv0=$0' | unshare --whitelist-env=HOME,PATH");
        expect(&o, &format!("argv0=-{base}\n"), "", 0);
        let o = script(Rns, "export HOME=/nonexistent SHELL=/bin/sh; echo 'echo argv0=$0' | unshare --whitelist-env=HOME,SHELL");
        expect(&o, "argv0=-sh\n", "", 0);
    }
}

/// Issue 10: the vfork-style child of `unshare --fork` shares our memory
/// until it execs, so it must not write our environment. main's child ran
/// clearenv and setenv for --clear-env/--whitelist-env, which left the
/// waiting parent's `environ` empty or holding only the whitelisted
/// variables. While unshare waits for the program, read its `environ`
/// (at the address the static, non-PIE binary's symbol table gives)
/// through /proc/PID/mem and check it still holds what unshare started with.
#[test]
fn the_vfork_child_leaves_our_environment_alone() {
    if !Test::new().root().tool("/usr/bin/nm").ok() {
        return;
    }
    let nm = run(cmd("/usr/bin/nm").arg(rns_bin()));
    let addr = nm
        .stdout
        .lines()
        .find_map(|l| l.strip_suffix(" V environ"))
        .and_then(|a| u64::from_str_radix(a, 16).ok())
        .expect("environ in rns's symbol table");
    for opt in ["--clear-env", "--whitelist-env=PATH"] {
        let mut c = unshare_cmd(Rns, &["--fork", opt, "sleep", "30"])
            .env("RNS_CANARY", "still-here")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let p = c.id();
        let _guard = Reap(vec![p]);
        wait_for("the program", || {
            children(p).first().is_some_and(|k| {
                std::fs::read_to_string(format!("/proc/{k}/comm")).is_ok_and(|c| c == "sleep\n")
            })
        });
        let _kid = Reap(children(p));
        let env = environ_of(p, addr);
        let _ = c.kill();
        let _ = c.wait();
        assert!(
            env.iter().any(|v| v == "RNS_CANARY=still-here"),
            "{opt}: unshare's own environment was changed by its child: {env:?}"
        );
    }
}

/// The strings of process `pid`'s `environ` (a pointer at `addr`).
fn environ_of(pid: u32, addr: u64) -> Vec<String> {
    use std::os::unix::fs::FileExt;
    let mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let word = |at: u64| {
        let mut b = [0u8; 8];
        mem.read_exact_at(&mut b, at)
            .map(|()| u64::from_ne_bytes(b))
    };
    let mut out = Vec::new();
    let Ok(array) = word(addr) else { return out };
    for i in 0..10_000u64 {
        let s = match word(array + 8 * i) {
            Ok(0) | Err(_) => break,
            Ok(s) => s,
        };
        let mut text = Vec::new();
        let mut b = [0u8; 1];
        while text.len() < 65536 && mem.read_exact_at(&mut b, s + text.len() as u64).is_ok() {
            if b[0] == 0 {
                break;
            }
            text.push(b[0]);
        }
        out.push(String::from_utf8_lossy(&text).into_owned());
    }
    out
}

/// The program is found as glibc's execvp finds it after clearenv/setenv
/// (what util-linux does): PATH from the program's environment, or
/// /bin:/usr/bin without one; EACCES remembered while the search goes
/// on; a file without `#!` run by /bin/sh. rns builds all of that as data
/// before its vfork-style child starts, and reports the child's exec
/// failure from the parent: same text and status as util-linux.
#[test]
fn exec_searches_the_programs_path() {
    use std::os::unix::fs::PermissionsExt;
    let d = shared_tmp().join(unique("unshare-exec-"));
    for (dir, mode) in [("d1", 0o644), ("d2", 0o755)] {
        std::fs::create_dir_all(d.join(dir)).unwrap();
        let prog = d.join(dir).join("prog");
        std::fs::write(&prog, "echo script-ran \"$@\"\n").unwrap();
        std::fs::set_permissions(&prog, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let d = d.display();
    let run_in = |path: &str, opts: &str| {
        format!(
            "U=$(command -v unshare); cd {d}/d2; PATH={path} \"$U\" {opts} prog a b; echo rc=$?"
        )
    };
    for fork in ["", "--fork"] {
        for path in [
            format!(":{d}/d2"),
            format!("{d}/d1:{d}/d2"),
            format!("{d}/d1"),
        ] {
            same(&run_in(&path, fork));
        }
        same(&format!("unshare {fork} {d}/d2/prog x; echo rc=$?"));
        same(&format!("unshare {fork} {d}/d1/prog x; echo rc=$?"));
        same(&format!("unshare {fork} ''; echo rc=$?"));
        // --whitelist-env is newer than the host's util-linux: newest
        // upstream's results, written out.
        let opts = format!("{fork} --whitelist-env=PATH");
        let o = script(Rns, &run_in(&format!("{d}/d1:{d}/d2"), &opts));
        expect(&o, "script-ran a b\nrc=0\n", "", 0);
        let o = script(Rns, &run_in(&format!("{d}/d1:/nonexistent"), &opts));
        let denied = "unshare: failed to execute prog: Permission denied\n";
        expect(&o, "rc=126\n", denied, 0);
        let o = script(
            Rns,
            &run_in(&format!("{d}/d2"), &format!("{fork} --clear-env")),
        );
        let missing = "unshare: failed to execute prog: No such file or directory\n";
        expect(&o, "rc=127\n", missing, 0);
    }
    let _ = std::fs::remove_dir_all(d.to_string());
}
