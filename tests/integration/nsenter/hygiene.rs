//! Process hygiene: fds, signal mask and ignored signals reach the program as the caller's.

use super::*;

// ------------------------------------------------------ process hygiene

#[test]
fn no_fd_reaches_the_program() {
    if !Test::new().root().ok() {
        return;
    }
    let t = Target::root(&["-f", "-r", "-n", "-p", "-m", "-u", "-i"]);
    let pid = t.id();
    let user = format!("--user=/proc/{pid}/ns/user");
    let net = format!("-n/proc/{pid}/ns/net");
    // What the harness itself passes down (it may hold fds of its own).
    let baseline = run(cmd("ls").arg("/proc/self/fd").current_dir("/tmp"));
    assert!(baseline.stdout.starts_with("0\n1\n"), "{baseline:?}");
    for args in [
        &["-a", "--wd=/tmp"][..],
        &["-a", "-r", "-w"],
        &["-a", "-e", "-S", "follow", "-G", "follow"],
        &["-p", "-F", "--wdns=/"],
        &[&user, &net, "-m"],
    ] {
        let mut a = vec!["-t", &pid];
        a.extend_from_slice(args);
        a.extend_from_slice(&["ls", "/proc/self/fd"]);
        let o = ours(&a);
        ok(&o, &baseline.stdout);
    }
}

#[test]
fn signal_mask_and_ignored_signals_are_the_callers() {
    if !Test::new().root().tool("/usr/bin/perl").ok() {
        return;
    }
    let t = Target::root(&["-f", "-p", "-n"]);
    let pid = t.id();
    // Block USR1 and ignore USR2 and PIPE, then exec the command.
    let wrap = "use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGUSR1)); \
                $SIG{USR2} = 'IGNORE'; $SIG{PIPE} = 'IGNORE'; exec @ARGV or die";
    let sig = |argv: &[&str]| {
        let o = run(cmd("/usr/bin/perl")
            .arg("-e")
            .arg(wrap)
            .args(argv)
            .current_dir("/tmp"));
        assert_eq!(o.code, 0, "{o:?}");
        o.stdout
    };
    let grep = ["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"];
    let plain = sig(&grep);
    let mask = |name: &str| {
        plain
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .expect("mask")
    };
    assert_eq!(mask("SigBlk:") & 0x1a00, 0x200, "{plain}");
    assert_eq!(mask("SigIgn:") & 0x1a00, 0x1800, "{plain}");
    for opts in [&["-n"][..], &["-p"], &["-p", "-F"]] {
        let mut ours_argv = vec![rns_bin(), "nsenter", "-t", &pid];
        ours_argv.extend_from_slice(opts);
        ours_argv.extend_from_slice(&grep);
        assert_eq!(sig(&ours_argv), plain, "{opts:?}");
        let mut host_argv = vec!["/usr/bin/nsenter", "-t", &pid];
        host_argv.extend_from_slice(opts);
        host_argv.extend_from_slice(&grep);
        assert_eq!(sig(&host_argv), plain, "host {opts:?}");
    }
    // Default dispositions too: nothing ignored by us.
    let o = ours(&["-t", &pid, "-n", "grep", "^SigIgn", "/proc/self/status"]);
    let direct = run(cmd("grep").args(["^SigIgn", "/proc/self/status"]));
    ok(&o, &direct.stdout);
    assert_eq!(
        u64::from_str_radix(direct.stdout.trim().trim_start_matches("SigIgn:\t"), 16).unwrap()
            & (1 << 12),
        0,
        "{direct:?}"
    );
}
