use std::io;

use khuyencong::cli::{self, Outcome};

fn main() {
    let outcome = cli::run(std::env::args_os().collect(), &mut io::stdout(), &mut io::stderr());
    match outcome {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::Gui { file, sample, read_only, lang } => {
            let options = khuyencong::app::StartOptions { file, sample, read_only, lang, folders: None };
            if let Err(e) = khuyencong::app::run(options) {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
}
