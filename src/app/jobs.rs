//! Long work (exporting a large workbook, merging workbooks) in a background
//! thread, so the window keeps drawing. The thread opens its own connection
//! to the file; the window only reads the progress and may ask it to stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;

use crate::workbook::merge::MergePlan;

/// What a finished job tells the window.
#[derive(Debug)]
pub enum JobDone {
    /// A file was written (its path, for the status line).
    Exported(String),
    /// The job wrote to the open workbook: the lists must be reloaded, and
    /// the status line tells what was done.
    WorkbookChanged(super::Status),
    /// The dry run of a merge, to show in its dialog.
    MergePlanned(Box<MergePlan>),
    /// A sync's pull with conflicts for the officer, and the login to finish it with.
    SyncPlanned(Box<(crate::server::sync::Pulled, crate::server::sync::Login)>),
}

/// The work itself: gets a progress callback (0.0 to 1.0; returns false when
/// the officer cancelled) and returns what it did or the message to show.
pub type Work = Box<dyn FnOnce(&mut dyn FnMut(f32) -> bool) -> Result<JobDone, String> + Send>;

pub struct Job {
    /// What the status bar says while the job runs.
    pub label: String,
    /// The job writes to the open workbook: no edit may happen meanwhile,
    /// so the window shows it in front of everything else.
    pub blocking: bool,
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<JobDone, String>>>,
}

impl Job {
    pub fn spawn(label: String, work: Work) -> Job {
        Job::spawn_with_cancel(label, |_| work)
    }

    /// [`Job::spawn`] for work that must see the cancel itself, not only
    /// through its progress callback (SQLite's progress handler, in the
    /// middle of a long statement): `make` gets the flag and returns the work.
    pub fn spawn_with_cancel(label: String, make: impl FnOnce(Arc<AtomicBool>) -> Work) -> Job {
        let progress = Arc::new(AtomicU32::new(0f32.to_bits()));
        let cancel = Arc::new(AtomicBool::new(false));
        let work = make(cancel.clone());
        let (p, c) = (progress.clone(), cancel.clone());
        let handle = std::thread::spawn(move || {
            let mut report = |fraction: f32| {
                p.store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
                !c.load(Ordering::Relaxed)
            };
            work(&mut report)
        });
        Job { label, blocking: false, progress, cancel, handle: Some(handle) }
    }

    /// Marks the job as one that keeps the officer from editing while it runs.
    pub fn blocking(mut self) -> Job {
        self.blocking = true;
        self
    }

    /// From 0.0 to 1.0.
    pub fn progress(&self) -> f32 {
        f32::from_bits(self.progress.load(Ordering::Relaxed))
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The result once the thread has ended; `None` while it runs.
    pub fn finished(&mut self) -> Option<Result<JobDone, String>> {
        if !self.handle.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        let handle = self.handle.take()?;
        Some(handle.join().unwrap_or_else(|_| Err(crash_message())))
    }

    /// Waits for the thread (used when the window closes with work running).
    pub fn wait(&mut self) -> Option<Result<JobDone, String>> {
        let handle = self.handle.take()?;
        Some(handle.join().unwrap_or_else(|_| Err(crash_message())))
    }
}

fn crash_message() -> String {
    "Công việc nền dừng bất thường; tệp đích không bị thay đổi. Hãy thử lại. \
     / The background work stopped unexpectedly; the target file was not changed. Try again."
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(job: &mut Job) -> Result<JobDone, String> {
        for _ in 0..500 {
            if let Some(r) = job.finished() {
                return r;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the job did not end");
    }

    #[test]
    fn reports_progress_and_result() {
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let mut job = Job::spawn(
            "x".into(),
            Box::new(move |progress| {
                progress(0.5);
                let _ = go_rx.recv();
                Ok(JobDone::Exported("out.xlsx".into()))
            }),
        );
        for _ in 0..500 {
            if job.progress() == 0.5 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(job.progress(), 0.5);
        assert!(job.finished().is_none(), "still waiting for the go signal");
        go_tx.send(()).expect("send");
        assert!(matches!(wait(&mut job), Ok(JobDone::Exported(p)) if p == "out.xlsx"));
    }

    #[test]
    fn cancel_reaches_the_work() {
        let mut job = Job::spawn(
            "x".into(),
            Box::new(|progress| {
                for i in 0..10_000 {
                    if !progress(i as f32 / 10_000.0) {
                        return Err("cancelled".into());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Ok(JobDone::Exported("never".into()))
            }),
        );
        job.cancel();
        assert!(job.cancelled());
        assert!(matches!(wait(&mut job), Err(m) if m == "cancelled"));
    }

    #[test]
    fn work_made_with_the_cancel_flag_sees_the_cancel() {
        let mut job = Job::spawn_with_cancel("x".into(), |flag| {
            Box::new(move |_| {
                for _ in 0..10_000 {
                    if flag.load(Ordering::Relaxed) {
                        return Err("saw it".into());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Ok(JobDone::Exported("never".into()))
            })
        });
        job.cancel();
        assert!(matches!(wait(&mut job), Err(m) if m == "saw it"));
    }

    #[test]
    fn a_panic_becomes_a_message() {
        let mut job = Job::spawn("x".into(), Box::new(|_| panic!("boom")));
        let result = wait(&mut job);
        assert!(result.is_err_and(|m| m.contains("bất thường")));
    }
}
