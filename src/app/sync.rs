//! Syncing the open workbook with the province server, in the background:
//! connect and pull (the merge's dry run), then — at once, or after the
//! officer resolved the conflicts in the merge's own dialog — merge and
//! push. The password stays in memory until the program closes.

use std::collections::HashMap;

use super::jobs::{Job, JobDone};
use super::status::{Status, SyncedFigures};
use super::{App, clock};
use crate::command::Password;
use crate::i18n::Lang;
use crate::report::text::local_time;
use crate::server::sync::{Login, Pending, Pulled, Session, SyncError, SyncOutcome, finish, pull};
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::sync::SyncDialog;
use crate::workbook::merge::{Counts, MergePlan, Resolution};
use crate::workbook::{OpenMode, Workbook};

/// The workbook's sync in the status line: when it last synced, and how
/// many changes wait to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyncLine {
    pub synced_at: Option<i64>,
    pub waiting: usize,
}

impl SyncLine {
    pub(super) fn text(&self, lang: Lang) -> String {
        let n = crate::domain::number::format_int_in(self.waiting as i64, lang);
        let when = self.synced_at.map(local_time);
        match (lang, when) {
            (Lang::Vi, Some(t)) => format!("Đồng bộ lần cuối {t} · {n} thay đổi chờ gửi"),
            (Lang::Vi, None) => format!("Chưa đồng bộ xong · {n} thay đổi chờ gửi"),
            (Lang::En, Some(t)) => format!("Last synced {t} · {n} changes waiting"),
            (Lang::En, None) => format!("Not synced yet · {n} changes waiting"),
        }
    }
}

/// A sync waiting for the officer's answers in the merge dialog.
pub(super) struct SyncWaiting {
    login: Login,
    pending: Pending,
}

/// What a sync did, for the status line.
fn figures(done: &SyncOutcome) -> SyncedFigures {
    let c = &done.merge.counts;
    SyncedFigures {
        at: clock(),
        received: done.pulled,
        added: Counts::total(&c.added),
        updated: Counts::total(&c.updated) + done.merge.kept_theirs,
        deleted: Counts::total(&c.deleted),
        sent: done.pushed,
        waiting_conflicts: done.merge.unresolved.len() + done.changed_there,
        not_permitted: done.not_permitted,
    }
}

/// The end of a sync job: what it did, or — stopped by the officer — that
/// it stopped with both sides whole.
fn ended(result: Result<SyncOutcome, SyncError>, lang: Lang) -> Result<JobDone, String> {
    match result {
        Ok(done) => Ok(JobDone::WorkbookChanged(Status::Synced(figures(&done)))),
        Err(SyncError::Cancelled) => Ok(JobDone::WorkbookChanged(Status::SyncStopped)),
        Err(e) => Err(e.message(lang)),
    }
}

impl App {
    pub(super) fn ask_sync(&mut self) {
        let Some(wb) = &self.wb else { return };
        let state = wb.sync_state().ok().flatten();
        let address = match (&self.sync_login, &state) {
            (Some(login), _) => crate::server::sync::address_without_password(&login.address),
            (None, Some(s)) => s.address.clone(),
            (None, None) => String::new(),
        };
        let password = self.sync_login.as_ref().and_then(|l| l.password.clone()).unwrap_or_default();
        let last = self.sync_line.line.as_ref().map(|l| l.text(self.lang));
        self.open_dialog(Dialog::Sync(SyncDialog { address, password, last, focused: false }));
    }

    /// Connects and pulls in the background; without conflicts it goes on
    /// to merge and push in the same job.
    pub(super) fn start_sync(&mut self, address: String, password: Password) {
        let Some(target) = self.merge_target() else { return };
        let login = Login { address, password: Some(password.0).filter(|p| !p.is_empty()) };
        self.sync_login = Some(login.clone());
        let lang = self.lang;
        self.close_passing();
        let label = lang.pick("Đang đồng bộ với máy chủ…", "Syncing with the server…").to_string();
        let job = Job::spawn_with_cancel(label, move |cancel| {
            Box::new(move |progress| {
                let mut wb = Workbook::open(&target, OpenMode::Normal).map_err(|e| e.message(lang))?;
                let result = (|| {
                    let mut session = Session::open(&login, &wb)?;
                    let pulled = pull(&mut session, &wb, &cancel, &mut |f| {
                        progress(0.5 * f);
                    })?;
                    if pulled.needs_officer() {
                        return Ok(Err(Box::new((pulled, login))));
                    }
                    let none = HashMap::new();
                    finish(&mut session, &mut wb, pulled, &none, None, &mut |f| progress(0.5 + 0.5 * f))
                        .map(Ok)
                })();
                match result {
                    Ok(Err(waiting)) => Ok(JobDone::SyncPlanned(waiting)),
                    Ok(Ok(done)) => ended(Ok(done), lang),
                    Err(e) => ended(Err(e), lang),
                }
            })
        });
        self.job = Some(job.blocking());
    }

    /// The pull has conflicts or likely-same records: the merge's dialog,
    /// and the rest of the sync waits for its answer.
    pub(super) fn show_sync_plan(&mut self, pulled: Pulled, login: Login) {
        self.sync_waiting = Some(SyncWaiting { login, pending: pulled.pending });
        self.show_merge_plan(pulled.plan);
    }

    /// The sync waiting for this merge dialog's answer, if it is one's.
    pub(super) fn take_sync_waiting(&mut self, plan: &MergePlan) -> Option<SyncWaiting> {
        match &self.sync_waiting {
            Some(w) if w.pending.is_for(plan) => self.sync_waiting.take(),
            _ => None,
        }
    }

    /// Merges with the officer's answers, then pushes.
    pub(super) fn finish_sync(
        &mut self,
        plan: MergePlan,
        resolutions: HashMap<String, Resolution>,
        waiting: SyncWaiting,
    ) {
        let Some(target) = self.wb.as_ref().map(|wb| wb.path().to_path_buf()) else { return };
        let lang = self.lang;
        let label = lang.pick("Đang đồng bộ với máy chủ…", "Syncing with the server…").to_string();
        let job = Job::spawn(
            label,
            Box::new(move |progress| {
                let mut wb = Workbook::open(&target, OpenMode::Normal).map_err(|e| e.message(lang))?;
                let SyncWaiting { login, pending } = waiting;
                let result = Session::open(&login, &wb).and_then(|mut session| {
                    finish(&mut session, &mut wb, Pulled { plan, pending }, &resolutions, None, progress)
                });
                ended(result, lang)
            }),
        );
        self.job = Some(job.blocking());
    }

    /// Another workbook opened, or none: its server, login and figures are not this one's.
    pub(super) fn forget_sync(&mut self) {
        self.sync_login = None;
        self.sync_waiting = None;
        self.sync_line = SyncLineCache::default();
    }

    /// The status line's sync figures, counted again when the records
    /// changed: on a thread of its own with its own connection, as counting
    /// the changes of a large workbook takes longer than a frame.
    pub(super) fn update_sync_line(&mut self, generation: u64, ctx: &egui::Context) {
        let cache = &mut self.sync_line;
        if let Some(counting) = &cache.counting {
            match counting.try_recv() {
                Ok(line) => {
                    cache.line = line;
                    cache.counting = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                    return;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => cache.counting = None,
            }
        }
        if cache.generation == Some(generation) {
            return;
        }
        let Some(wb) = &self.wb else { return };
        cache.generation = Some(generation);
        // A workbook that never synced has nothing to count (one row read).
        if !matches!(wb.sync_state(), Ok(Some(_))) {
            cache.line = None;
            return;
        }
        let path = wb.path().to_path_buf();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let line = Workbook::open(&path, OpenMode::ReadOnly)
                .ok()
                .and_then(|wb| wb.pending_changes().ok().flatten())
                .map(|(state, waiting)| SyncLine { synced_at: state.synced_at, waiting });
            let _ = send.send(line);
        });
        cache.counting = Some(receive);
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

/// The status line's sync figures and the count under way, if one is.
#[derive(Default)]
pub(super) struct SyncLineCache {
    /// The records' generation the last count was started for.
    generation: Option<u64>,
    pub(super) line: Option<SyncLine>,
    counting: Option<std::sync::mpsc::Receiver<Option<SyncLine>>>,
}
