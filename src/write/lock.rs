//! One build per output at a time: an advisory lock (`flock`) on a file
//! beside the output. The kernel releases it when the process ends, even
//! killed, so a dead run never blocks the next one. A second build waits
//! for the first, saying so.
//!
//! The file is removed when the build ends. A waiter may then hold a lock
//! on the removed file, so after locking it checks that the path still
//! names the file it locked, and starts again if not.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

pub struct BuildLock {
    path: PathBuf,
    file: File,
}

/// Called once when another run holds the lock, with its process id.
pub type OnWait<'a> = &'a mut dyn FnMut(Option<u32>);

impl BuildLock {
    pub fn acquire(path: &Path, on_wait: OnWait<'_>) -> io::Result<BuildLock> {
        let mut told = false;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            if !try_lock(&file, false)? {
                if !told {
                    told = true;
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    on_wait(text.trim().parse().ok());
                }
                try_lock(&file, true)?;
            }
            if same_file(&file, path) {
                file.set_len(0)?;
                file.rewind()?;
                write!(file, "{}", std::process::id())?;
                return Ok(BuildLock {
                    path: path.to_path_buf(),
                    file,
                });
            }
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still held, then released when `file` closes.
        let _ = fs::remove_file(&self.path);
        let _ = &self.file;
    }
}

#[cfg(unix)]
fn try_lock(file: &File, wait: bool) -> io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    use rustix::io::Errno;
    let op = if wait {
        FlockOperation::LockExclusive
    } else {
        FlockOperation::NonBlockingLockExclusive
    };
    loop {
        match flock(file, op) {
            Ok(()) => return Ok(true),
            Err(Errno::INTR) => {}
            Err(e) if e == Errno::WOULDBLOCK && !wait => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File, _wait: bool) -> io::Result<bool> {
    Ok(true)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("lock");
        let first = BuildLock::acquire(&path, &mut |_| panic!("nobody holds it")).unwrap();
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        let waiter = std::thread::spawn(move || {
            let mut waited_for = None;
            let lock = BuildLock::acquire(&p, &mut |pid| waited_for = pid).unwrap();
            tx.send(waited_for).unwrap();
            drop(lock);
        });
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        let pid = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(pid, Some(std::process::id()));
        waiter.join().unwrap();
        assert!(!path.exists(), "the lock file is removed at the end");
    }
}
