//! One function per subcommand: checked options in, library calls, rendered output out.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets};

use crate::cli::{Cli, ColorChoice, Command, GradeArgs, ShowArgs};
use pyprep::bank::{Bank, Question};
use pyprep::batch::{self, BatchOptions, Input};
use pyprep::report::{self, Report, Style};

/// Exit statuses shared by every command (DESIGN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The job was done and nothing fell short.
    Ok = 0,
    /// The job was done and something fell short.
    ShortFall = 1,
    /// The job could not be done in full.
    Incomplete = 2,
}

/// Global options after conversion.
pub struct Ctx {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub bank_dir: Option<std::path::PathBuf>,
}

impl Ctx {
    fn new(cli: &Cli) -> Ctx {
        Ctx {
            color: use_color(cli.color, std::io::stdout().is_terminal()),
            quiet: cli.quiet,
            verbose: cli.verbose,
            bank_dir: cli.bank.clone(),
        }
    }

    fn style(&self) -> Style {
        Style {
            color: self.color,
            width: terminal_width(),
            verbose: self.verbose,
        }
    }

    fn bank(&self) -> Result<Bank> {
        match &self.bank_dir {
            Some(dir) => Ok(Bank::from_dir(dir)?),
            None => Ok(Bank::built_in()),
        }
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &u16| w >= 40)
        .unwrap_or(100)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Ctx::new(&cli);
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::List => list(&ctx, &mut stdout),
        Command::Show(args) => show(&ctx, &args, &mut stdout),
        Command::Grade(args) => grade(&ctx, &args),
    }
}

/// Finds a question or fails with the list of what exists.
pub fn find_question<'b>(bank: &'b Bank, query: &str) -> Result<&'b Question> {
    match bank.resolve(query) {
        Some(q) => Ok(q),
        None => bail!(
            "no question `{query}` in the {}; run `pyprep list` to see the {} questions",
            bank.describe(),
            bank.questions.len()
        ),
    }
}

fn list(ctx: &Ctx, out: &mut dyn Write) -> Result<Exit> {
    let bank = ctx.bank()?;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal_width())
        .set_header(vec!["#", "id", "title", "topics", "difficulty"]);
    if !ctx.color {
        t.force_no_tty();
    }
    for q in &bank.questions {
        t.add_row(vec![
            q.number().to_string(),
            q.id().to_string(),
            q.title().to_string(),
            q.content.topics.join(", "),
            q.content.difficulty.as_str().to_string(),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(Exit::Ok)
}

fn show(ctx: &Ctx, args: &ShowArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = ctx.bank()?;
    let q = find_question(&bank, &args.question)?;
    writeln!(out, "Question {}: {}", q.number(), q.title())?;
    writeln!(
        out,
        "id: {}  topics: {}  difficulty: {}",
        q.id(),
        q.content.topics.join(", "),
        q.content.difficulty.as_str()
    )?;
    if args.answer {
        writeln!(out, "\n{}", q.content.body.trim())?;
    } else if !ctx.quiet {
        writeln!(out, "\nModel answer: pyprep show {} --answer", q.number())?;
    }
    Ok(Exit::Ok)
}

fn read_stdin(limit: u64) -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() as u64 > limit {
        bail!(
            "standard input is over the limit of {limit} bytes; pass --max-answer-bytes to raise it"
        );
    }
    let mut warnings = Vec::new();
    batch::decode(bytes, &mut warnings).map_err(|m| anyhow::anyhow!("standard input {m}"))
}

/// Where a report goes: standard output, or a file written whole at the end.
fn write_report(
    path: Option<&Path>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match path {
        // Standard output is line-buffered: a pretty JSON report of a big batch would be
        // millions of tiny writes without a buffer of our own.
        None => to_stdout(render)?,
        Some(p) if p.as_os_str() == "-" => to_stdout(render)?,
        Some(p) => {
            let mut buf = Vec::new();
            render(&mut buf)?;
            std::fs::write(p, buf)
                .with_context(|| format!("{}: cannot write the report", p.display()))?;
        }
    }
    Ok(())
}

fn to_stdout(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    render(&mut out)?;
    out.flush()
}

fn grade(ctx: &Ctx, args: &GradeArgs) -> Result<Exit> {
    let bank = ctx.bank()?;
    let forced = args
        .question
        .as_deref()
        .map(|q| find_question(&bank, q))
        .transpose()?;
    let (inputs, walk_errors) = batch::collect(&args.paths);
    let stdin = if inputs.contains(&Input::Stdin) {
        Some(read_stdin(args.max_answer_bytes)?)
    } else {
        None
    };
    let options = BatchOptions {
        max_answer_bytes: args.max_answer_bytes,
        threads: args.jobs.map(usize::from),
    };
    let bar = progress_bar(ctx, inputs.len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let mut result = batch::run(&bank, forced, &inputs, stdin.as_deref(), &options, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result.errors.extend(walk_errors);
    result.errors.sort_by(|a, b| a.file.cmp(&b.file));
    let report = Report::new(result, args.min_score);
    let mut style = ctx.style();
    if args.output.as_ref().is_some_and(|p| p.as_os_str() != "-") {
        // A report file never holds colour codes, whatever the terminal.
        style.color = false;
    }
    let renderer = report::renderer(args.format, style);
    write_report(args.output.as_deref(), |out| renderer.render(&report, out))?;
    let exit = exit_of(&report, args.require_pass);
    // The process ends next: freeing a big batch's results one allocation at a time would
    // only delay the exit (about a million frees for 20,000 answers).
    std::mem::forget(report);
    Ok(exit)
}

fn exit_of(report: &Report, require_pass: bool) -> Exit {
    if !report.errors.is_empty() {
        Exit::Incomplete
    } else if report.results.iter().any(|r| r.falls_short(require_pass)) {
        Exit::ShortFall
    } else {
        Exit::Ok
    }
}

/// A progress bar on stderr for long batches, only on a terminal and never with --quiet.
fn progress_bar(ctx: &Ctx, total: usize) -> Option<indicatif::ProgressBar> {
    if ctx.quiet || total < 50 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} answers graded ({eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}
