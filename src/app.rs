//! One function per subcommand: checked options in, library calls, rendered output out.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets};

use crate::cli::{
    CheckArgs, Cli, Command, CompletionsArgs, EvalArgs, EvalFormat, GradeArgs, ManArgs, NewArgs,
    ShowArgs,
};
use crate::ctx::{Ctx, Exit, find_question, read_stdin, terminal_width};
use pyprep::bank::{Bank, Question};
use pyprep::batch::{self, BatchOptions, Input, StdinAnswer};
use pyprep::eval::{Evaluation, LabelledScore, evaluate};
use pyprep::report::{self, ResultEntry, Tally};

/// The reader of our output went away (`pyprep man | head`): not an error worth a message.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    let ctx = Ctx::new(&cli);
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::List => list(&ctx, &mut stdout),
        Command::Show(args) => show(&ctx, &args, &mut stdout),
        Command::Grade(args) => grade(&ctx, &args),
        Command::Eval(args) => eval(&ctx, &args, &mut stdout),
        Command::Completions(args) => completions(&args, &mut stdout),
        Command::Man(args) => man(&args, &mut stdout),
        Command::New(args) => new_question(&ctx, &args, &mut stdout),
        Command::Check(args) => check(&ctx, &args, &mut stdout),
        Command::Ask(args) => crate::session_app::ask(&ctx, &args),
        Command::Practice(args) => crate::session_app::practice(&ctx, &args),
        Command::Mock(args) => crate::session_app::mock(&ctx, &args),
        Command::History(args) => crate::session_app::history(&ctx, &args, &mut stdout),
        Command::Stats => crate::session_app::stats(&ctx, &mut stdout),
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

/// Where a report goes: standard output, or a file written whole at the end.
fn write_report(
    path: Option<&Path>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let stdout_context = "standard output: cannot write the report";
    match path {
        // Standard output is line-buffered: a pretty JSON report of a big batch would be
        // millions of tiny writes without a buffer of our own.
        None => to_stdout(render).context(stdout_context)?,
        Some(p) if p.as_os_str() == "-" => to_stdout(render).context(stdout_context)?,
        Some(p) => {
            // Streamed: the JSON report of a big batch runs to hundreds of megabytes, which
            // need not sit in memory a second time. (Not written beside and renamed: the
            // path may be /dev/null or a pipe.)
            let context = || format!("{}: cannot write the report", p.display());
            let file = std::fs::File::create(p).with_context(context)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            render(&mut out).with_context(context)?;
            out.flush().with_context(context)?;
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
    let bank = std::sync::Arc::new(ctx.bank()?);
    let forced = args
        .question
        .as_deref()
        .map(|q| find_question(&bank, q))
        .transpose()?;
    let options = BatchOptions {
        max_answer_bytes: args.max_answer_bytes,
        threads: args.jobs.map(usize::from),
    };
    let (mut inputs, mut walk_errors) =
        batch::collect_while_compiling(&bank, forced, &args.paths, &options);
    // A CI job pointed at the wrong folder must not go green on nothing graded.
    if inputs.is_empty() && walk_errors.is_empty() {
        let places: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!(
            "no answers found in {}: pyprep grades .md and .txt files (docs/answers.md)",
            places.join(", ")
        );
    }
    let stdin = if inputs.contains(&Input::Stdin) {
        // Bad standard input is one bad answer: the files beside it are still graded.
        match read_stdin(args.max_answer_bytes) {
            Ok(answer) => Some(answer),
            Err(e) => {
                inputs.retain(|i| *i != Input::Stdin);
                walk_errors.push(batch::FileError::new(batch::STDIN_NAME, &e));
                None
            }
        }
    } else {
        None
    };
    let mut style = ctx.style();
    if args.output.as_ref().is_some_and(|p| p.as_os_str() != "-") {
        // A report file never holds colour codes, whatever the terminal.
        style.color = false;
    }
    let job = GradeJob {
        bank: &bank,
        forced,
        inputs: &inputs,
        stdin: stdin.as_ref(),
        options: &options,
        bar: progress_bar(ctx, inputs.len()),
    };
    let mut renderer = report::renderer(args.format, style);
    let mut exit = Exit::Ok;
    let written = write_report(args.output.as_deref(), |out| {
        let mut out = KeepGoing::new(out);
        exit = job.run(
            &mut *renderer,
            args.min_score,
            args.require_pass,
            walk_errors,
            &mut out,
        );
        out.finish()
    });
    match written {
        // The reader left early (`| head`); the grades still decide the exit status.
        Err(e) if is_broken_pipe(&e) => Ok(exit),
        written => written.map(|()| exit),
    }
}

/// `grade`: the report is written while the batch is graded, each result handed to the
/// renderer as soon as it and those before it are graded, so that a format that streams
/// (JSON) keeps memory flat however many answers there are.
struct GradeJob<'a> {
    bank: &'a Bank,
    forced: Option<&'a Question>,
    inputs: &'a [Input],
    stdin: Option<&'a StdinAnswer>,
    options: &'a BatchOptions,
    bar: Option<indicatif::ProgressBar>,
}

impl GradeJob<'_> {
    /// Grades and writes the whole report to `out`, which must not stop at a write error
    /// (see [`KeepGoing`]): the grades decide the exit status whether or not the report
    /// was read to its end.
    fn run(
        &self,
        renderer: &mut dyn report::Renderer,
        min_score: Option<f64>,
        require_pass: bool,
        mut errors: Vec<batch::FileError>,
        out: &mut KeepGoing,
    ) -> Exit {
        // Write errors are kept by `out` and reported by the caller.
        if let Err(e) = renderer.begin(out) {
            out.fail(e);
        }
        let mut tally = Tally::default();
        let mut short_fall = false;
        let entry_of = |result: Result<batch::GradedFile, batch::FileError>| {
            if let Some(bar) = &self.bar {
                bar.inc(1);
            }
            result.map(|g| ResultEntry::new(g, min_score))
        };
        batch::run_streaming(
            self.bank,
            self.forced,
            self.inputs,
            self.stdin,
            self.options,
            &entry_of,
            &mut |results| {
                for result in results {
                    match result {
                        Ok(entry) => {
                            let outcome = entry.outcome();
                            tally.add(outcome);
                            short_fall |= outcome.falls_short(require_pass);
                            // A failed write is remembered by `out`; grading goes on.
                            if let Err(e) = renderer.result(entry, out) {
                                out.fail(e);
                            }
                        }
                        Err(e) => errors.push(e),
                    }
                }
            },
        );
        // Before the formats that write everything at the end do so.
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        let summary = tally.summary(errors.len(), min_score);
        let incomplete = !errors.is_empty();
        if let Err(e) = renderer.finish(errors, summary, out) {
            out.fail(e);
        }
        grade_exit(incomplete, short_fall)
    }
}

/// A writer that keeps its first error and skips every write after it, so that a report
/// whose reader went away (`| head`) does not stop the grading that decides the exit
/// status. [`KeepGoing::finish`] returns the error.
struct KeepGoing<'w> {
    out: &'w mut dyn Write,
    error: Option<std::io::Error>,
}

impl<'w> KeepGoing<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        KeepGoing { out, error: None }
    }

    /// Keeps `e` as the error to report, unless an earlier one is kept already.
    fn fail(&mut self, e: std::io::Error) {
        self.error.get_or_insert(e);
    }

    fn finish(self) -> std::io::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

impl Write for KeepGoing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(buf) {
                self.error = Some(e);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        Ok(())
    }
}

/// The exit status of `grade`: files left ungraded outrank answers that fell short.
fn grade_exit(incomplete: bool, short_fall: bool) -> Exit {
    if incomplete {
        Exit::Incomplete
    } else if short_fall {
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

fn eval(ctx: &Ctx, args: &EvalArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = ctx.bank()?;
    let (inputs, walk_errors) = batch::collect(&args.paths);
    let mut result = batch::run(&bank, None, &inputs, None, &BatchOptions::default(), &|| {});
    result.errors.extend(walk_errors);
    let mut unlabelled = 0;
    let mut bad_labels = Vec::new();
    let labels: Vec<LabelledScore> = result
        .graded
        .iter()
        .filter_map(|g| {
            let Some(human) = g.front.human_score else {
                unlabelled += 1;
                return None;
            };
            let human = match pyprep::eval::human_score(&g.file, human) {
                Ok(human) => human,
                Err(e) => {
                    bad_labels.push(format!("error: {}: {e}", g.file));
                    return None;
                }
            };
            Some(LabelledScore {
                file: g.file.clone(),
                question: g.question.id.clone(),
                kind: g.front.kind.clone(),
                human,
                pyprep: g.graded.score,
                pyprep_pass: g.graded.pass,
                pass_mark: g.graded.pass_mark,
                words: g.graded.words,
            })
        })
        .collect();
    for line in &bad_labels {
        eprintln!("{line}");
    }
    if labels.is_empty() {
        bail!("no labelled answers found (answers need front matter `human_score: N`)");
    }
    let e = evaluate(labels, args.worst);
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &e)?;
            writeln!(out)?;
        }
        EvalFormat::Table => render_eval(&e, unlabelled, out)?,
    }
    for err in &result.errors {
        eprintln!("error: {}: {}", err.file, err.message);
    }
    Ok(if result.errors.is_empty() && bad_labels.is_empty() {
        Exit::Ok
    } else {
        Exit::Incomplete
    })
}

fn fmt_r(r: Option<f64>) -> String {
    r.map_or_else(|| "-".into(), |r| format!("{r:.3}"))
}

fn render_eval(e: &Evaluation, unlabelled: usize, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{} labelled answers", e.answers)?;
    if unlabelled > 0 {
        writeln!(out, "({unlabelled} answers without `human_score` left out)")?;
    }
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header(vec!["", "pyprep", "length baseline"]);
    let (p, b) = (&e.pyprep, &e.baseline);
    t.add_row(vec!["Pearson r".into(), fmt_r(p.pearson), fmt_r(b.pearson)]);
    t.add_row(vec![
        "Spearman rho".into(),
        fmt_r(p.spearman),
        fmt_r(b.spearman),
    ]);
    t.add_row(vec![
        "mean absolute error".into(),
        format!("{:.1}", p.mean_absolute_error),
        format!("{:.1}", b.mean_absolute_error),
    ]);
    t.add_row(vec![
        "pass/fail agreement".into(),
        format!("{:.1}%", 100.0 * p.pass_agreement),
        format!("{:.1}%", 100.0 * b.pass_agreement),
    ]);
    t.add_row(vec![
        "false passes".into(),
        p.false_passes.to_string(),
        b.false_passes.to_string(),
    ]);
    t.add_row(vec![
        "false fails".into(),
        p.false_fails.to_string(),
        b.false_fails.to_string(),
    ]);
    writeln!(out, "{t}")?;
    let mut k = Table::new();
    k.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    k.set_header(vec![
        "kind",
        "answers",
        "human mean",
        "pyprep mean",
        "baseline mean",
    ]);
    for m in &e.kinds {
        k.add_row(vec![
            m.kind.clone(),
            m.count.to_string(),
            format!("{:.1}", m.human),
            format!("{:.1}", m.pyprep),
            format!("{:.1}", m.baseline),
        ]);
    }
    writeln!(out, "{k}")?;
    if !e.largest_disagreements.is_empty() {
        let mut w = Table::new();
        w.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
        w.set_header(vec!["largest disagreements", "kind", "human", "pyprep"]);
        for l in &e.largest_disagreements {
            w.add_row(vec![
                l.file.clone(),
                l.kind.clone().unwrap_or_default(),
                format!("{:.0}", l.human),
                format!("{:.1}", l.pyprep),
            ]);
        }
        writeln!(out, "{w}")?;
    }
    Ok(())
}

/// Completion scripts come from the same clap definition as the parser, so they never drift.
fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(args.shell, &mut cmd, "pyprep", out);
    Ok(Exit::Ok)
}

/// The roff man page, from the same clap definition as `--help`: pyprep(1), or
/// pyprep-SUBCOMMAND(1) with the global options included.
fn man(args: &ManArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    // Building propagates the global options (--bank, --color, ...) into each subcommand
    // and names each one `pyprep-SUBCOMMAND`.
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> = cmd
                    .get_subcommands()
                    .map(|s| s.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                bail!(
                    "no subcommand `{name}`; man pages exist for: {}",
                    names.join(", ")
                );
            };
            // Built subcommands carry the display name `pyprep-grade` for their page title.
            sub.clone()
        }
    };
    clap_mangen::Man::new(page)
        .source(concat!("pyprep ", env!("CARGO_PKG_VERSION")))
        .render(out)
        .context("cannot write the man page")?;
    Ok(Exit::Ok)
}

fn new_question(ctx: &Ctx, args: &NewArgs, out: &mut dyn Write) -> Result<Exit> {
    use pyprep::scaffold;
    let listing = scaffold::scan(&args.dir)
        .with_context(|| format!("{}: cannot read the bank", args.dir.display()))?;
    let request = scaffold::NewQuestion {
        id: args.id.clone(),
        title: args.title.clone(),
        number: args.number,
    };
    let plan = scaffold::plan(&listing, &request)
        .with_context(|| format!("cannot scaffold `{}` in {}", args.id, args.dir.display()))?;
    for path in scaffold::write(&args.dir, &plan)? {
        writeln!(out, "created {}", path.display())?;
    }
    if !ctx.quiet {
        if plan.proposed.is_empty() {
            writeln!(
                out,
                "next: replace every TODO, then run `pyprep check {}`",
                args.dir.display()
            )?;
        } else {
            writeln!(
                out,
                "proposed {} concepts from the model answer's bold and code terms: {}",
                plan.proposed.len(),
                plan.proposed.join(", ")
            )?;
            writeln!(
                out,
                "next: keep the concepts that matter, add terms and hints, then run `pyprep check {}`",
                args.dir.display()
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn check(ctx: &Ctx, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    if args.bless {
        let outcome = pyprep::check::bless(&args.dir)?;
        let mut err = std::io::stderr().lock();
        for b in &outcome.blessed {
            writeln!(err, "blessed {}: reviewed: {}", b.file.display(), b.new)?;
        }
        for path in &outcome.skipped {
            writeln!(
                err,
                "warning: {}: not blessed: no top-level `question:` line to put `reviewed:` after",
                path.display()
            )?;
        }
        if !ctx.quiet {
            let n = outcome.blessed.len();
            let noun = if n == 1 { "rubric" } else { "rubrics" };
            writeln!(err, "{n} {noun} blessed")?;
        }
    }
    let report = pyprep::check::check(&args.dir)?;
    let view = pyprep::check::render::View {
        deny_warnings: args.deny_warnings,
        quiet: ctx.quiet,
    };
    let exit = if report.fails(args.deny_warnings) {
        Exit::ShortFall
    } else {
        Exit::Ok
    };
    match pyprep::check::render::render(&report, args.format, ctx.style(), view, out) {
        // `pyprep check | head` closed the pipe: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit),
        other => other.map(|()| exit).map_err(Into::into),
    }
}
