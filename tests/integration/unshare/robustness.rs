//! Random argv never panics; output into a closed pipe.

use super::*;

// ------------------------------------------------------ no panics

use crate::fuzz::Rng;

#[test]
fn random_argv_never_panics() {
    if !setpriv_ok() {
        return;
    }
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let words = [
        "-m",
        "-u",
        "-i",
        "-n",
        "-p",
        "-U",
        "-C",
        "-T",
        "-r",
        "-c",
        "-f",
        "-R",
        "-w",
        "-S",
        "-G",
        "-l",
        "--mount",
        "--mount=/tmp/x",
        "--net=",
        "--pid=/nonexistent",
        "--user=/tmp",
        "--uts=",
        "--time=/x",
        "--mount-proc",
        "--mount-proc=/tmp/x",
        "--mount-binfmt",
        "--mount-binfmt=",
        "--load-interp",
        "--propagation",
        "--propagation=slave",
        "--propagation=x",
        "--root",
        "--root=/",
        "--wd=/tmp",
        "--setuid=0",
        "--setgid=",
        "--map-user",
        "--map-user=0",
        "--map-user=x",
        "--map-group=65534",
        "--map-users=0:0:1",
        "--map-users=auto",
        "--map-users=all",
        "--map-users=subids",
        "--map-groups=1,2,3",
        "--map-groups=",
        "--map-auto",
        "--map-subids",
        "--owner=0:0",
        "--owner",
        "--owner=:",
        "--fork",
        "--kill-child",
        "--kill-child=",
        "--kill-child=RTMAX-0",
        "--kill-child=sig",
        "--forward-signals",
        "--setgroups",
        "--setgroups=deny",
        "--setgroups=allow",
        "--keep-caps",
        "--monotonic=1",
        "--monotonic=-9223372036854775808",
        "--boottime",
        "--boottime=1e3",
        "--clear-env",
        "--whitelist-env=",
        "--whitelist-env=PATH,,",
        "--",
        "-",
        "--=",
        "--m",
        "--map",
        "-nx",
        "-Rf",
        "-S-1",
        "-G4294967295",
        "0",
        "/",
        "",
        "=",
        "x:y:z",
        "4294967296",
        "-9",
        "--ma",
        "---",
        "/bin/true",
        "true",
        "\u{e9}",
        "-\u{e9}",
        "--\u{e9}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..250 {
        let n = (rng.next_u64() % 7) as usize;
        let mut argv: Vec<OsString> = (0..n).map(|_| rng.pick(&words).into()).collect();
        if rng.next_u64().is_multiple_of(5) {
            // A byte that is not UTF-8.
            argv.push(OsString::from_vec(vec![b'-', b'-', b'n', b'=', 0xff]));
        }
        argv.push("/bin/true".into());
        let o = Test::new()
            .as_user()
            .timeout(30)
            .cwd("/")
            .program(&[rns_dir().join("unshare")])
            .run(&argv);
        assert!(
            [0, 1, 126, 127].contains(&o.code),
            "round {round}: {argv:?}: {o:?}"
        );
        assert!(
            !o.stderr.contains("panicked") && !o.stderr.contains("RUST_BACKTRACE"),
            "round {round}: {argv:?}: {o:?}"
        );
    }
}

/// `unshare ARGS` writing into a pipe nobody reads.
fn to_broken_pipe(i: Impl, args: &[&str], ignore_sigpipe: bool) -> Out {
    let (r, w) = nix::unistd::pipe().unwrap();
    drop(r);
    let mut c = unshare_cmd(i, args);
    c.stdout(Stdio::from(w));
    if ignore_sigpipe {
        use nix::sys::signal::{signal, SigHandler, Signal::SIGPIPE};
        // SAFETY: signal(2) is async-signal-safe.
        unsafe {
            c.pre_exec(|| {
                signal(SIGPIPE, SigHandler::SigIgn)?;
                Ok(())
            });
        }
    }
    run(&mut c)
}

#[test]
fn help_into_a_closed_pipe() {
    for args in [&["--help"][..], &["--version"]] {
        // SIGPIPE ignored: util-linux's close_stdout is silent on EPIPE.
        let theirs = to_broken_pipe(Host, args, true);
        let ours = to_broken_pipe(Rns, args, true);
        assert_eq!(ours, theirs, "{args:?}");
        expect(&ours, "", "", 0);
        // SIGPIPE default: killed by it.
        let theirs = to_broken_pipe(Host, args, false);
        let ours = to_broken_pipe(Rns, args, false);
        assert_eq!(ours, theirs, "{args:?}");
        expect(&ours, "", "", 128 + 13);
    }
    // A program that writes into the pipe sees the caller's SIGPIPE
    // disposition, through --fork too.
    for fork in [&[][..], &["--fork"]] {
        let mut args = fork.to_vec();
        args.extend(["sh", "-c", "echo x; echo after >&2"]);
        let ours = to_broken_pipe(Rns, &args, false);
        assert_eq!(ours, to_broken_pipe(Host, &args, false), "{fork:?}");
        expect(&ours, "", "", 128 + 13);
        let ours = to_broken_pipe(Rns, &args, true);
        assert_eq!(ours, to_broken_pipe(Host, &args, true), "{fork:?}");
        assert_eq!(ours.code, 0);
        assert!(ours.stderr.ends_with("after\n"), "{ours:?}");
    }
}
