//! Progress marks for the crash tests, in builds with debug assertions.
//!
//! A crash test must prove that its kills landed inside the window it is
//! about, not before the program got there. [`mark`] appends the point's
//! name and a newline to the file named by `RNS_TEST_PROGRESS`, in one
//! `write(2)` to a file opened with `O_APPEND`, so a test that reads the
//! file after its kill knows how far the killed run got. In release builds
//! it is an empty inline function, and without the variable it does
//! nothing.

/// The variable naming the file the marks go to.
pub const VAR: &str = "RNS_TEST_PROGRESS";

/// The variable naming the point at which [`stop_at`] stops the process.
pub const STOP_VAR: &str = "RNS_TEST_STOP_AT";

/// Stop this process (SIGSTOP) at `point` when `RNS_TEST_STOP_AT` names
/// it, so a race test can change the world inside the window that follows
/// and then continue the process (debug builds only).
#[cfg(debug_assertions)]
pub fn stop_at(point: &str) {
    if std::env::var_os(STOP_VAR).is_some_and(|v| v == point) {
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP);
    }
}

/// Stop at `point` for a race test: nothing in a release build.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn stop_at(_point: &str) {}

/// Record that this run reached `point` (debug builds, `RNS_TEST_PROGRESS` set).
#[cfg(debug_assertions)]
pub fn mark(point: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os(VAR) else {
        return;
    };
    let mut opts = std::fs::OpenOptions::new();
    if let Ok(mut f) = opts.append(true).create(true).open(path) {
        let _ = f.write_all(format!("{point}\n").as_bytes());
    }
}

/// Record that this run reached `point`: nothing in a release build.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn mark(_point: &str) {}

/// Run `f` between the marks `POINT:start` and `POINT:end` (the end one
/// also when `f` fails: what a test needs to know is that it returned).
pub fn window<T>(point: &str, f: impl FnOnce() -> T) -> T {
    mark_at(point, "start");
    let out = f();
    mark_at(point, "end");
    out
}

#[cfg(debug_assertions)]
fn mark_at(point: &str, at: &str) {
    mark(&format!("{point}:{at}"));
}

#[cfg(not(debug_assertions))]
#[inline(always)]
fn mark_at(_point: &str, _at: &str) {}
