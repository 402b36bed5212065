//! The test harness: run the built rns and the host's reference tools the
//! same way, and compare what a script could observe. A test declares what
//! it needs and where its commands run with `Test` (harness.rs); the free
//! functions here are its building blocks and short forms of it.
#![allow(dead_code)]

pub use crate::harness::{Side, Test};
use std::ffi::OsStr;
use std::process::{Command, Stdio};

/// What a run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    /// Exit status, or 128+N when killed by signal N (as a shell reports it).
    pub code: i32,
}

/// The built multicall binary, at a path the unprivileged test user can
/// execute and the sandboxes (tmpfs on /tmp and /run) do not hide: when the
/// checkout lies under a directory others cannot enter (e.g. /root) or
/// under /tmp, a copy under /var/tmp, made once by a child process so no
/// write fd of ours can cause ETXTBSY in another test's fork.
pub fn rns_bin() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let built = env!("CARGO_BIN_EXE_rns");
        if usable_everywhere(std::path::Path::new(built)) {
            return built.to_string();
        }
        let meta = std::fs::metadata(built).expect("built binary");
        use std::os::unix::fs::MetadataExt;
        let dir = format!("/var/tmp/rns-test-bin/{}-{}", meta.size(), meta.mtime_nsec() ^ meta.mtime());
        let copy = format!("{dir}/rns");
        if !std::path::Path::new(&copy).exists() {
            let tmp = format!("{dir}.{}", std::process::id());
            let ok = Command::new("/bin/sh")
                .arg("-c")
                .arg(r#"mkdir -p "$1" && chmod 755 /var/tmp/rns-test-bin "$1" && cp "$2" "$1/rns" && chmod 755 "$1/rns" && mv -T "$1" "$3" 2>/dev/null || rm -rf "$1""#)
                .args(["sh", &tmp, built, &dir])
                .status()
                .expect("sh");
            assert!(ok.success(), "copying the binary to {dir}");
        }
        copy
    })
}

/// A scratch directory the unprivileged test user can traverse: cargo's
/// target tmpdir, or /var/tmp/rns-test-bin when the checkout lies under a
/// directory others cannot enter.
pub fn shared_tmp() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        if usable_everywhere(&target) {
            return target;
        }
        let dir = std::path::PathBuf::from("/var/tmp/rns-test-bin");
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(&dir).expect("/var/tmp/rns-test-bin");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        dir
    })
}

/// Is `path` reachable by the unprivileged test user, and not under /tmp or
/// /run, which the sandboxes cover with a fresh tmpfs?
fn usable_everywhere(path: &std::path::Path) -> bool {
    !path.starts_with("/tmp") && !path.starts_with("/run") && others_can_exec(path)
}

/// Can a user other than the owner reach and execute `path`?
fn others_can_exec(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.ancestors().all(|p| {
        p.as_os_str().is_empty()
            || std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    })
}

/// A command with a clean, predictable environment (LC_ALL=C, fixed PATH).
pub fn cmd<S: AsRef<OsStr>>(program: S) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("LC_ALL", "C")
        .env("SHELL", "/bin/sh")
        .env("HOME", "/root")
        .stdin(Stdio::null());
    c
}

/// `rns APPLET ARGS...`
pub fn rns(applet: &str, args: &[&str]) -> Out {
    run(cmd(rns_bin()).arg(applet).args(args))
}

/// Run a host tool (`/usr/bin/unshare`, `/usr/bin/nsenter`, `ip`) the same way.
pub fn host(tool: &str, args: &[&str]) -> Out {
    run(cmd(tool).args(args))
}

/// `sh -c SCRIPT` with `$RNS` pointing at the built binary.
pub fn sh(script: &str) -> Out {
    run(cmd("/bin/sh").arg("-c").arg(script).env("RNS", rns_bin()))
}

pub fn run(c: &mut Command) -> Out {
    use std::os::unix::process::ExitStatusExt;
    let o = c.output().expect("spawn");
    let code = o
        .status
        .code()
        .unwrap_or_else(|| 128 + o.status.signal().unwrap_or(0));
    Out {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code,
    }
}

/// Are we root in the initial user namespace? Under CI=true a test that
/// needs it and lacks it fails instead of skipping.
pub fn need_root() -> bool {
    let root = nix::unistd::geteuid().is_root()
        && std::fs::read_to_string("/proc/self/uid_map")
            .is_ok_and(|m| m.split_whitespace().nth(2) == Some("4294967295"));
    if !root {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: this test needs root in the initial user namespace"
        );
        eprintln!("skipping: needs root");
    }
    root
}

/// A program whose presence a test needs (e.g. `setpriv`, `mandoc`).
pub fn need_tool(path: &str) -> bool {
    let ok = std::path::Path::new(path).exists();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: {path} is required"
        );
        eprintln!("skipping: {path} missing");
    }
    ok
}

/// The uid used for unprivileged runs.
pub const NOBODY: &str = "65534";

/// Prefix that runs a command as a real unprivileged user.
pub fn as_user() -> Vec<&'static str> {
    vec![
        "/usr/bin/setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--inh-caps=-all",
    ]
}

/// Run `argv` as the unprivileged user.
pub fn unprivileged(argv: &[&str]) -> Out {
    Test::new().as_user().run(argv)
}

/// Run `script` (sh) inside a private mount namespace with a fresh tmpfs on
/// /run, so /run/netns of the host is never touched. `$RNS` is rns.
pub fn in_sandbox(script: &str) -> Out {
    Test::new().sandbox().sh(script)
}

/// Assert two runs are indistinguishable (stdout, stderr, status), with
/// the reference tool's name in messages replaced where rns may differ.
#[track_caller]
pub fn assert_same(ours: &Out, theirs: &Out) {
    assert_eq!(ours, theirs, "rns (left) vs reference (right)");
}

/// A unique name for things a test creates.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{prefix}{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh directory under `shared_tmp()` with permission bits `mode`,
/// owned by `owner` (a uid) when given; removed with its contents on drop.
pub struct SharedDir(pub std::path::PathBuf);

impl SharedDir {
    pub fn new(prefix: &str, mode: u32, owner: Option<u32>) -> SharedDir {
        use std::os::unix::fs::PermissionsExt;
        let dir = shared_tmp().join(unique(prefix));
        std::fs::create_dir(&dir).unwrap();
        if let Some(uid) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(uid)).unwrap();
        }
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
        SharedDir(dir)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for SharedDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
