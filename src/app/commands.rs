//! Carrying out the commands the views sent this frame, in order, once
//! drawing is done. Each command's work is a method in the file of its
//! concern; this is only the dispatch.

use super::App;
use super::present::CaptureTarget;
use crate::command::Command;
use crate::i18n::tr;
use crate::ui::dialogs::Dialog;
use crate::ui::dialogs::confirm_discard::ConfirmDiscard;

impl App {
    /// Carries out the queued commands.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        while !self.commands.is_empty() {
            let command = self.commands.remove(0);
            self.execute(command, ctx);
        }
    }

    fn execute(&mut self, command: Command, ctx: &egui::Context) {
        // A background job reads or writes the open file through its own
        // connection: the workbook must not change under it.
        let switches_workbook = matches!(
            command,
            Command::CreateWorkbook { .. }
                | Command::OpenWorkbook { .. }
                | Command::OpenSample
                | Command::SaveAs(_)
                | Command::RecoverCopy { .. }
                | Command::CloseWorkbook
                | Command::Quit
        );
        if switches_workbook && self.job.is_some() {
            self.open_dialog(Dialog::message(
                tr(
                    self.lang,
                    "Đang xuất hoặc gộp sổ. Hãy chờ xong (hoặc bấm Hủy ở thanh trạng thái) rồi làm lại.",
                    "An export or merge is running. Wait for it to finish (or press Cancel in the status line), then try again.",
                )
                .to_string(),
            ));
            return;
        }
        match command {
            Command::Show(screen) => self.screen = screen,
            Command::SetLang(lang) => {
                self.lang = lang;
                self.settings.lang = lang;
                self.save_settings();
            }
            Command::AskFile(purpose) => self.ask_file(purpose),
            Command::CloseDialog => self.close_passing(),
            Command::CreateWorkbook { path, office } => self.create_workbook(&path, &office),
            Command::OpenWorkbook { path, read_only } => self.open_workbook(&path, read_only),
            Command::OpenSample => self.open_sample(),
            Command::AskRecoverCopy(source) => self.ask_recover_copy(source),
            Command::RecoverCopy { source, dest } => self.recover_copy(&source, &dest),
            Command::SaveAs(path) => self.save_as(&path),
            Command::CloseWorkbook => self.close_workbook(),
            Command::NewRecord(kind) => self.new_record(kind),
            Command::EditRecord(kind, id) => self.edit_record(kind, id),
            Command::SaveForm => self.save_form(),
            Command::CancelForm => {
                // The question "drop the changes?" goes with the form.
                self.close_passing();
                self.close_form();
            }
            Command::AskDiscardForm => self.open_dialog(Dialog::ConfirmDiscard(ConfirmDiscard)),
            Command::AskDelete(kind, id) => self.ask_delete(kind, id),
            Command::Delete(kind, id) => self.delete(kind, id),
            Command::Undo => self.undo_last(),
            Command::About => self.about(),
            Command::AskOffice => self.ask_office(),
            Command::AskSync => self.ask_sync(),
            Command::StartSync { address, password } => self.start_sync(address, password),
            Command::SaveOffice { office, province, officer } => {
                self.save_office(&office, &province, &officer)
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Present(chart) => self.present(chart, ctx),
            Command::StopPresenting => self.stop_presenting(ctx),
            Command::SaveChartImage(chart, path) => {
                self.close_passing();
                self.start_capture(chart, CaptureTarget::File(path));
            }
            Command::CopyChartImage(chart) => self.start_capture(chart, CaptureTarget::Clipboard),
            Command::SaveChartData(chart, path) => self.save_chart_data(chart, &path),
            Command::ShowReport => self.show_report(),
            Command::UpdateReport { from, to, lang } => self.update_report(from, to, lang),
            Command::CopyReport => self.copy_report(ctx),
            Command::ExportWorkbook(path) => self.start_export(path, None),
            Command::ExportCsv(kind, path) => self.start_export(path, Some(kind)),
            Command::CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            Command::WriteTemplate(kind, path) => self.write_template(kind, &path),
            Command::PreviewImport(kind, path) => self.preview_import(kind, path),
            Command::RefreshImportPreview => self.refresh_import_preview(),
            Command::ApplyImport => self.apply_import(),
            Command::SaveRejected(path) => self.save_rejected(&path),
            Command::CloseImport => self.close_import(),
            Command::PlanMerge(path) => self.plan_merge(&path),
            Command::ApplyMerge => self.apply_merge(),
            Command::CloseMerge => self.close_merge(),
            Command::ShowMergeLog => self.show_merge_log(),
            Command::UndoMerge => self.undo_merge(),
            Command::PreviewPlanImport(path) => self.preview_plan_import(&path),
            Command::ApplyPlanImport => self.apply_plan_import(),
            Command::ClosePlanImport => self.dialogs.retain(|d| !matches!(d, Dialog::PlanImport(_))),
            Command::ExportPlans(path) => self.export_plans(path),
            Command::WriteReportDocx(path) => self.write_report_docx(path),
        }
    }
}
