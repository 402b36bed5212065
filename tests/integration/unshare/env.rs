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
