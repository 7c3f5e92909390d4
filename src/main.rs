use std::io;

use khuyencong::cli::{self, Outcome};

fn main() {
    let outcome = cli::run(std::env::args_os().collect(), &mut io::stdout(), &mut io::stderr());
    match outcome {
        Outcome::Exit(code) => std::process::exit(code),
        Outcome::Gui { .. } => {
            let mut help = <cli::Cli as clap::CommandFactory>::command();
            let _ = help.print_help();
        }
    }
}
