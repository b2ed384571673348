//! One function per subcommand: checked options in, library calls, rendered output out.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets};

use crate::cli::{
    CheckArgs, Cli, Command, CompletionsArgs, EvalArgs, GradeArgs, ListArgs, ManArgs, NewArgs,
    ShowArgs, TableFormat,
};
use crate::ctx::{Ctx, Exit, find_question, read_stdin, terminal_width};
use pyprep::bank::{Bank, Question};
use pyprep::batch::{self, BatchOptions, Input, StdinAnswer};
use pyprep::eval::{Evaluation, LabelledScore, evaluate};
use pyprep::report::grid::printable;
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
        Command::List(args) => list(&ctx, &args, &mut stdout),
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
        Command::Stats(args) => crate::session_app::stats(&ctx, &args, &mut stdout),
    }
}

/// One question as `list --format json` prints it (docs/report-schema.md).
#[derive(serde::Serialize)]
struct ListedQuestion<'a> {
    number: u32,
    id: &'a str,
    title: &'a str,
    topics: &'a [String],
    difficulty: &'a str,
}

fn list(ctx: &Ctx, args: &ListArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = ctx.bank()?;
    if args.format == TableFormat::Json {
        let listed: Vec<ListedQuestion> = bank
            .questions
            .iter()
            .map(|q| ListedQuestion {
                number: q.number(),
                id: q.id(),
                title: q.title(),
                topics: &q.content.topics,
                difficulty: q.content.difficulty.as_str(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &listed)?;
        writeln!(out)?;
        return Ok(Exit::Ok);
    }
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal_width())
        .set_header(vec!["#", "id", "title", "topics", "difficulty"]);
    if !ctx.color {
        t.force_no_tty();
    }
    // Text from the bank is shown with its control characters made visible: a hostile
    // bank must not drive the reader's terminal.
    for q in &bank.questions {
        t.add_row(vec![
            q.number().to_string(),
            printable(q.id()).into_owned(),
            printable(q.title()).into_owned(),
            printable(&q.content.topics.join(", ")).into_owned(),
            q.content.difficulty.as_str().to_string(),
        ]);
    }
    writeln!(out, "{t}")?;
    Ok(Exit::Ok)
}

fn show(ctx: &Ctx, args: &ShowArgs, out: &mut dyn Write) -> Result<Exit> {
    let bank = ctx.bank()?;
    let q = find_question(&bank, &args.question)?;
    let mut text = format!(
        "Question {}: {}\nid: {}  topics: {}  difficulty: {}\n",
        q.number(),
        printable(q.title()),
        printable(q.id()),
        printable(&q.content.topics.join(", ")),
        q.content.difficulty.as_str()
    );
    if !args.answer {
        if !ctx.quiet {
            text.push_str(&format!(
                "\nModel answer: pyprep show {} --answer\n",
                q.number()
            ));
        }
        out.write_all(text.as_bytes())?;
        return Ok(Exit::Ok);
    }
    let body = printable(q.content.body.trim());
    // At a terminal the Markdown is laid out for reading, and paged when longer than the
    // screen; a pipe gets it as written.
    if std::io::stdout().is_terminal() {
        let width = usize::from(terminal_width());
        text.push('\n');
        text.push_str(&pyprep::terminal_markdown::render(&body, width, ctx.color));
        crate::pager::show(&text, out)?;
    } else {
        text.push_str(&format!("\n{body}\n"));
        out.write_all(text.as_bytes())?;
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
        exclude: args.exclude.clone(),
    };
    let (mut inputs, mut walk_errors) =
        batch::collect_while_compiling(&bank, forced, &args.paths, &options);
    if let Some(output) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        pyprep::destination::keep_apart(&mut inputs, output)?;
    }
    // A CI job pointed at the wrong folder must not go green on nothing graded.
    if inputs.is_empty() && walk_errors.iter().all(|e| e.passed_over) {
        let places: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!(
            "no answers found in {}: pyprep grades .md and .txt files, leaving out hidden files \
             and what .gitignore and .ignore files list (docs/answers.md)",
            places.join(", ")
        );
    }
    let stdin = if inputs.contains(&Input::Stdin) {
        // At a terminal, `grade -` would otherwise wait in silence for an answer.
        if std::io::stdin().is_terminal() && !ctx.quiet {
            eprintln!(
                "Reading the answer from standard input: type or paste it, then press Ctrl-D on a line of its own."
            );
        }
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
        errors: Vec<batch::FileError>,
        out: &mut KeepGoing,
    ) -> Exit {
        // Write errors are kept by `out` and reported by the caller.
        if let Err(e) = renderer.begin(out) {
            out.fail(e);
        }
        let mut tally = Tally::default();
        let mut short_fall = false;
        let mut graded = 0usize;
        let (mut passed_over, mut errors): (Vec<_>, Vec<_>) =
            errors.into_iter().partition(|e| e.passed_over);
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
                            graded += 1;
                            let outcome = entry.outcome();
                            tally.add(outcome);
                            short_fall |= outcome.falls_short(require_pass);
                            // A failed write is remembered by `out`; grading goes on.
                            if let Err(e) = renderer.result(entry, out) {
                                out.fail(e);
                            }
                        }
                        Err(e) if e.passed_over => passed_over.push(e),
                        Err(e) => errors.push(e),
                    }
                }
            },
        );
        // Before the formats that write everything at the end do so.
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        warn_passed_over(&passed_over);
        // Every file passed over is a folder without answers, as a CI job must hear.
        let nothing_graded = graded == 0 && errors.is_empty() && !passed_over.is_empty();
        if nothing_graded {
            eprintln!(
                "error: no answers found: every file walked was passed over (see the warnings above)"
            );
        }
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        let summary = tally.summary(errors.len(), min_score);
        let incomplete = !errors.is_empty();
        if let Err(e) = renderer.finish(errors, summary, out) {
            out.fail(e);
        }
        grade_exit(incomplete || nothing_graded, short_fall)
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

/// Says on stderr which files of a walk were not graded as answers, and why.
fn warn_passed_over(passed_over: &[batch::FileError]) {
    for p in passed_over {
        eprintln!("warning: {}: {}", p.file, p.message);
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
    let (inputs, walk_errors) = batch::collect_excluding(&args.paths, &args.exclude);
    let mut result = batch::run(&bank, None, &inputs, None, &BatchOptions::default(), &|| {});
    let (passed_over, walk_errors): (Vec<_>, Vec<_>) =
        walk_errors.into_iter().partition(|e| e.passed_over);
    result.errors.extend(walk_errors);
    result.passed_over.extend(passed_over);
    warn_passed_over(&result.passed_over);
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
            let (leniency, naming) = bank
                .resolve(&g.question.id)
                .and_then(|q| bank.compiled(q).ok())
                .map_or((1.0, pyprep::rubric::DEFAULT_NAMING), |c| {
                    (c.leniency, c.naming)
                });
            Some(LabelledScore {
                file: g.file.clone(),
                question: g.question.id.clone(),
                kind: g.front.kind.clone(),
                human,
                pyprep: g.graded.score,
                pyprep_pass: g.graded.pass,
                pass_mark: g.graded.pass_mark,
                words: g.graded.words,
                parts: pyprep::eval::ScoreParts::of(&g.graded, leniency, naming),
            })
        })
        .collect();
    for line in &bad_labels {
        eprintln!("{line}");
    }
    if labels.is_empty() {
        bail!("no labelled answers found (answers need front matter `human_score: N`)");
    }
    let calibration = args.suggest.then(|| pyprep::eval::calibrate(&labels));
    let e = evaluate(labels, args.worst);
    match args.format {
        TableFormat::Json => {
            match &calibration {
                Some(c) => serde_json::to_writer_pretty(
                    &mut *out,
                    &serde_json::json!({"evaluation": e, "calibration": c}),
                )?,
                None => serde_json::to_writer_pretty(&mut *out, &e)?,
            }
            writeln!(out)?;
        }
        TableFormat::Table => {
            render_eval(&e, unlabelled, out)?;
            if let Some(c) = &calibration {
                render_calibration(c, out)?;
            }
        }
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

/// `eval --suggest`: per question, the leniency that fits the labels, and what it changes.
fn render_calibration(
    calibration: &[pyprep::eval::Calibration],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if calibration.is_empty() {
        return writeln!(
            out,
            "No question has the {} labelled answers a scale is fitted to.",
            pyprep::eval::MIN_CALIBRATION_ANSWERS
        );
    }
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header(vec![
        "question",
        "answers",
        "leniency",
        "naming",
        "mean abs. error",
        "pass/fail agreement",
    ]);
    for c in calibration {
        t.add_row(vec![
            c.question.clone(),
            c.answers.to_string(),
            format!("{} -> {}", c.leniency, c.suggested_leniency),
            format!("{} -> {}", c.naming, c.suggested_naming),
            format!(
                "{:.1} -> {:.1}",
                c.mean_absolute_error, c.suggested_mean_absolute_error
            ),
            format!(
                "{:.0}% -> {:.0}%",
                100.0 * c.pass_agreement,
                100.0 * c.suggested_pass_agreement
            ),
        ]);
    }
    writeln!(
        out,
        "Scales that fit the labels (set `leniency:` and `naming:` in the rubric to use them):"
    )?;
    writeln!(out, "{t}")
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
        "pyprep error",
        "pass/fail",
    ]);
    for m in &e.kinds {
        k.add_row(vec![
            m.kind.clone(),
            m.count.to_string(),
            format!("{:.1}", m.human),
            format!("{:.1}", m.pyprep),
            format!("{:.1}", m.baseline),
            format!("{:.1}", m.pyprep_error),
            format!("{:.1}%", 100.0 * m.pass_agreement),
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
/// A script is generated once and installed, so it completes the built-in bank's question
/// ids and topics, the values that hold on every machine.
fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Exit> {
    let mut cmd = with_bank_values(crate::cli::completion_command(), &Bank::built_in());
    clap_complete::generate(args.shell, &mut cmd, "pyprep", out);
    Ok(Exit::Ok)
}

/// `cmd` with the question ids and topics of `bank` as the values of every argument that
/// takes one. Only for completion scripts: parsing still accepts numbers and other banks.
fn with_bank_values(cmd: clap::Command, bank: &Bank) -> clap::Command {
    use clap::builder::PossibleValuesParser;
    let ids: Vec<String> = bank.questions.iter().map(|q| q.id().to_string()).collect();
    let mut topics: Vec<String> = bank
        .questions
        .iter()
        .flat_map(|q| q.content.topics.iter().cloned())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let values = |v: &[String]| PossibleValuesParser::new(v.iter().cloned());
    let question = |cmd: clap::Command, name: &str| {
        cmd.mut_subcommand(name, |s| {
            s.mut_arg("question", |a| a.value_parser(values(&ids)))
        })
    };
    let topic = |cmd: clap::Command, name: &str| {
        cmd.mut_subcommand(name, |s| {
            s.mut_arg("topic", |a| a.value_parser(values(&topics)))
        })
    };
    let cmd = question(question(question(cmd, "ask"), "show"), "grade");
    topic(topic(cmd, "practice"), "mock")
}

/// The roff man page, from the same clap definition as `--help`: pyprep(1), or
/// pyprep-SUBCOMMAND(1) with the global options included; nested subcommands have pages too
/// (`pyprep man history-show`), and `help`, which `man` replaces, has none.
fn man(args: &ManArgs, out: &mut dyn Write) -> Result<Exit> {
    // Built: the global options (--bank, --color, ...) are in each subcommand, and each
    // is named `pyprep-SUBCOMMAND`.
    let cmd = crate::cli::man_command();
    let pages = man_pages(&cmd, "");
    let page = match &args.command {
        None => &cmd,
        Some(name) => {
            let Some(&(_, sub)) = pages.iter().find(|(n, _)| n == name) else {
                let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
                bail!(
                    "no subcommand `{name}`; man pages exist for: {}",
                    names.join(", ")
                );
            };
            sub
        }
    };
    crate::man_page::render(page, out).context("cannot write the man page")?;
    Ok(Exit::Ok)
}

/// Every subcommand under `cmd` with the page name it goes by: `grade`, `history-show`.
fn man_pages<'c>(cmd: &'c clap::Command, prefix: &str) -> Vec<(String, &'c clap::Command)> {
    let mut pages = Vec::new();
    for sub in cmd.get_subcommands() {
        let name = format!("{prefix}{}", sub.get_name());
        let nested = man_pages(sub, &format!("{name}-"));
        pages.push((name, sub));
        pages.extend(nested);
    }
    pages
}

fn new_question(ctx: &Ctx, args: &NewArgs, out: &mut dyn Write) -> Result<Exit> {
    use pyprep::scaffold;
    let dir = &crate::cli::bank_folder(args.dir.as_ref(), ctx.bank_dir.as_ref());
    let listing =
        scaffold::scan(dir).with_context(|| format!("{}: cannot read the bank", dir.display()))?;
    let request = scaffold::NewQuestion {
        id: args.id.clone(),
        title: args.title.clone(),
        number: args.number,
    };
    let plan = scaffold::plan(&listing, &request)
        .with_context(|| format!("cannot scaffold `{}` in {}", args.id, dir.display()))?;
    for path in scaffold::write(dir, &plan)? {
        writeln!(out, "created {}", path.display())?;
    }
    if !ctx.quiet {
        if plan.proposed.is_empty() {
            writeln!(
                out,
                "next: replace every TODO, then run `pyprep check {}`",
                dir.display()
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
                dir.display()
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn check(ctx: &Ctx, args: &CheckArgs, out: &mut dyn Write) -> Result<Exit> {
    let dir = &crate::cli::bank_folder(args.dir.as_ref(), ctx.bank_dir.as_ref());
    if args.bless {
        let outcome = pyprep::check::bless(dir)?;
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
    let report = pyprep::check::check(dir)?;
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
