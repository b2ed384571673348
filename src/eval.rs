//! Agreement between pyprep and expert labels, beside a length-only baseline.
//!
//! A grader is worth its agreement with an expert. On answer sets like ours, answer length
//! alone already correlates with quality, so every figure is given beside the same figure
//! for a baseline that scores by word count (a least-squares line fitted on the same
//! answers, which flatters the baseline: it is the best any length-only scorer can do here).

use serde::Serialize;
use std::collections::BTreeMap;

/// One labelled answer as graded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledScore {
    pub file: String,
    pub question: String,
    pub kind: Option<String>,
    pub human: f64,
    pub pyprep: f64,
    pub pyprep_pass: bool,
    pub pass_mark: f64,
    pub words: usize,
    /// What the score is made of, for calibration: the weighted share covered (0..100,
    /// before the rubric's leniency), the misconception penalties, whether every required
    /// concept is covered, and the rubric's leniency.
    #[serde(skip)]
    pub parts: ScoreParts,
}

/// The parts of a score that calibration recombines (see [`calibrate`]): the answer's,
/// and the scale (`leniency:`) and naming share (`naming:`) of the rubric that graded it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScoreParts {
    pub answer: crate::grade::ScoreParts,
    pub leniency: f64,
    pub naming: f64,
}

impl ScoreParts {
    /// The parts of `graded`'s score, graded by a rubric of `leniency` and `naming`.
    pub fn of(graded: &crate::grade::GradedAnswer, leniency: f64, naming: f64) -> ScoreParts {
        ScoreParts {
            answer: crate::grade::ScoreParts::of(&graded.concepts, &graded.misconceptions),
            leniency,
            naming,
        }
    }

    /// The score and pass on a scale of `leniency` and, when given, with the rubric's
    /// `naming` share; without one, as grading made them.
    fn at(&self, leniency: f64, naming: Option<f64>, pass_mark: f64) -> (f64, bool) {
        match naming {
            Some(naming) => self.answer.score_with_naming(naming, leniency, pass_mark),
            None => self.answer.score(leniency, pass_mark),
        }
    }
}

/// A rubric's leniency and naming share fitted to its labelled answers: the scale on which
/// pyprep's scores come closest to the experts', with what that would change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub question: String,
    pub answers: usize,
    pub leniency: f64,
    pub suggested_leniency: f64,
    pub naming: f64,
    pub suggested_naming: f64,
    pub mean_absolute_error: f64,
    pub suggested_mean_absolute_error: f64,
    pub pass_agreement: f64,
    pub suggested_pass_agreement: f64,
}

/// Fewest labelled answers of a question worth fitting a scale to.
pub const MIN_CALIBRATION_ANSWERS: usize = 8;

/// Leniencies tried: the rubric's whole range, in steps of 0.05.
fn leniencies() -> impl Iterator<Item = f64> {
    (10..=60).map(|i| f64::from(i) * 0.05)
}

/// Naming shares tried: 0 to 1 in steps of 0.05.
fn namings() -> impl Iterator<Item = f64> {
    (0..=20).map(|i| f64::from(i) * 0.05)
}

/// For each question with at least [`MIN_CALIBRATION_ANSWERS`] labelled answers, the
/// leniency (`leniency:` in its rubric) and naming share (`naming:`, for the concepts that
/// use a share under a half) whose scores are nearest the labels on average, fitted
/// together; ties go to the pair nearest the rubric's own. A self-test of the rubric's
/// scale, as the Open University's pattern-match testing is of its answers; it suggests,
/// the author decides (fitting on few answers fits their quirks too).
pub fn calibrate(labels: &[LabelledScore]) -> Vec<Calibration> {
    let mut by_question: BTreeMap<&str, Vec<&LabelledScore>> = BTreeMap::new();
    for l in labels {
        by_question.entry(&l.question).or_default().push(l);
    }
    let fit = |group: &[&LabelledScore], leniency: f64, naming: Option<f64>| {
        let n = group.len() as f64;
        let mut error = 0.0;
        let mut agree = 0;
        for l in group {
            let (score, pass) = l.parts.at(leniency, naming, l.pass_mark);
            error += (score - l.human).abs();
            agree += usize::from(pass == (l.human >= l.pass_mark));
        }
        (error / n, agree as f64 / n)
    };
    by_question
        .into_iter()
        .filter(|(_, group)| group.len() >= MIN_CALIBRATION_ANSWERS)
        .map(|(question, group)| {
            let (now, naming_now) = (group[0].parts.leniency, group[0].parts.naming);
            let (error_now, agree_now) = fit(&group, now, None);
            let (best, best_naming) = leniencies()
                .flat_map(|l| namings().map(move |n| (l, n)))
                .map(|(l, n)| {
                    let distance = (l - now).abs() + (n - naming_now).abs();
                    (fit(&group, l, Some(n)).0, distance, (l, n))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .map_or((now, naming_now), |(_, _, pair)| pair);
            let (error_then, agree_then) = fit(&group, best, Some(best_naming));
            Calibration {
                question: question.to_string(),
                answers: group.len(),
                leniency: now,
                suggested_leniency: (best * 100.0).round() / 100.0,
                naming: naming_now,
                suggested_naming: (best_naming * 100.0).round() / 100.0,
                mean_absolute_error: error_now,
                suggested_mean_absolute_error: error_then,
                pass_agreement: agree_now,
                suggested_pass_agreement: agree_then,
            }
        })
        .collect()
}

/// Agreement figures of one scorer with the labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub pearson: Option<f64>,
    pub spearman: Option<f64>,
    pub mean_absolute_error: f64,
    /// Share of answers where the scorer's pass/fail equals the expert's.
    pub pass_agreement: f64,
    /// Scorer passes, expert fails.
    pub false_passes: usize,
    /// Scorer fails, expert passes.
    pub false_fails: usize,
}

/// How pyprep does on one kind of labelled answer: the mean scores, its error and its
/// pass/fail agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindMeans {
    pub kind: String,
    pub count: usize,
    pub human: f64,
    pub pyprep: f64,
    pub baseline: f64,
    /// pyprep's mean absolute error on this kind: the figure the grading issues set targets
    /// by (note-style answers within 15 points of their labels).
    pub pyprep_error: f64,
    /// Share of this kind where pyprep passes exactly the answers the expert passes.
    pub pass_agreement: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub answers: usize,
    pub pyprep: Agreement,
    pub baseline: Agreement,
    pub kinds: Vec<KindMeans>,
    /// The answers where pyprep and the expert differ most, worst first.
    pub largest_disagreements: Vec<LabelledScore>,
}

/// A labelled answer whose `human_score` is no score: NaN, infinite or outside 0..100
/// would make every agreement figure meaningless (a NaN mean), so the answer is left out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{}human_score {score} is not a score from 0 to 100; give the score an expert gives this answer, from 0 to 100",
    line.map_or_else(String::new, |l| format!("{l}:1: "))
)]
pub struct BadLabel {
    pub score: f64,
    /// The line of `human_score` in the file's front matter, where it could be read.
    pub line: Option<usize>,
}

/// The human score of the labelled answer in `file`, if it is a score from 0 to 100, as
/// `check` requires of the bank's labelled answers.
pub fn human_score(file: &str, score: f64) -> Result<f64, BadLabel> {
    if (0.0..=100.0).contains(&score) {
        return Ok(score);
    }
    // Only a bad label costs a second read of its file, for the line to point at.
    let line = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| crate::frontmatter::key_line(&text, "human_score"));
    Err(BadLabel { score, line })
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// Pearson correlation; `None` when either side has no variance.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(xs), mean(ys));
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    let mut syy = 0.0;
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx.sqrt() * syy.sqrt()))
}

/// Ranks with ties given their average rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Spearman rank correlation.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

fn agreement(labels: &[LabelledScore], scores: &[f64], passes: &[bool]) -> Agreement {
    let human: Vec<f64> = labels.iter().map(|l| l.human).collect();
    let mut false_passes = 0;
    let mut false_fails = 0;
    for (l, &p) in labels.iter().zip(passes) {
        let expert = l.human >= l.pass_mark;
        match (p, expert) {
            (true, false) => false_passes += 1,
            (false, true) => false_fails += 1,
            _ => {}
        }
    }
    let n = labels.len().max(1) as f64;
    Agreement {
        pearson: pearson(scores, &human),
        spearman: spearman(scores, &human),
        mean_absolute_error: scores
            .iter()
            .zip(&human)
            .map(|(s, h)| (s - h).abs())
            .sum::<f64>()
            / n,
        pass_agreement: 1.0 - (false_passes + false_fails) as f64 / n,
        false_passes,
        false_fails,
    }
}

/// Least-squares line of human score on word count, clamped to 0..100.
fn length_baseline(labels: &[LabelledScore]) -> Vec<f64> {
    let words: Vec<f64> = labels.iter().map(|l| l.words as f64).collect();
    let human: Vec<f64> = labels.iter().map(|l| l.human).collect();
    let (mw, mh) = (mean(&words), mean(&human));
    let var: f64 = words.iter().map(|w| (w - mw).powi(2)).sum();
    let cov: f64 = words
        .iter()
        .zip(&human)
        .map(|(w, h)| (w - mw) * (h - mh))
        .sum();
    let slope = if var > 0.0 { cov / var } else { 0.0 };
    words
        .iter()
        .map(|w| (mh + slope * (w - mw)).clamp(0.0, 100.0))
        .collect()
}

/// Evaluates pyprep's scores against the labels.
pub fn evaluate(mut labels: Vec<LabelledScore>, show_worst: usize) -> Evaluation {
    labels.sort_by(|a, b| a.file.cmp(&b.file));
    let scores: Vec<f64> = labels.iter().map(|l| l.pyprep).collect();
    let passes: Vec<bool> = labels.iter().map(|l| l.pyprep_pass).collect();
    let base = length_baseline(&labels);
    let base_passes: Vec<bool> = labels
        .iter()
        .zip(&base)
        .map(|(l, &b)| b >= l.pass_mark)
        .collect();

    let mut by_kind: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        by_kind
            .entry(l.kind.clone().unwrap_or_else(|| "-".into()))
            .or_default()
            .push(i);
    }
    let kinds = by_kind
        .into_iter()
        .map(|(kind, idx)| {
            let of =
                |f: &dyn Fn(usize) -> f64| mean(&idx.iter().map(|&i| f(i)).collect::<Vec<_>>());
            KindMeans {
                kind,
                count: idx.len(),
                human: of(&|i| labels[i].human),
                pyprep: of(&|i| labels[i].pyprep),
                baseline: of(&|i| base[i]),
                pyprep_error: of(&|i| (labels[i].pyprep - labels[i].human).abs()),
                pass_agreement: of(&|i| {
                    f64::from(u8::from(
                        passes[i] == (labels[i].human >= labels[i].pass_mark),
                    ))
                }),
            }
        })
        .collect();

    let mut worst = labels.clone();
    worst.sort_by(|a, b| {
        (b.pyprep - b.human)
            .abs()
            .total_cmp(&(a.pyprep - a.human).abs())
            .then_with(|| a.file.cmp(&b.file))
    });
    worst.truncate(show_worst);

    Evaluation {
        answers: labels.len(),
        pyprep: agreement(&labels, &scores, &passes),
        baseline: agreement(&labels, &base, &base_passes),
        kinds,
        largest_disagreements: worst,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_of_a_line_is_one() {
        let r = pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap();
        assert!((r - 1.0).abs() < 1e-12);
        assert!(pearson(&[1.0, 1.0], &[1.0, 2.0]).is_none());
    }

    #[test]
    fn spearman_handles_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 30.0]), vec![1.0, 2.5, 2.5, 4.0]);
        let r = spearman(&[1.0, 2.0, 3.0], &[1.0, 4.0, 9.0]).unwrap();
        assert!((r - 1.0).abs() < 1e-12);
    }

    fn label(file: &str, human: f64, pyprep: f64, pass: bool, words: usize) -> LabelledScore {
        LabelledScore {
            file: file.into(),
            question: "q".into(),
            kind: Some("k".into()),
            human,
            pyprep,
            pyprep_pass: pass,
            pass_mark: 60.0,
            words,
            parts: ScoreParts {
                answer: crate::grade::ScoreParts {
                    share: pyprep,
                    fixed: pyprep,
                    total: 100.0,
                    ..crate::grade::ScoreParts::default()
                },
                leniency: 1.0,
                naming: 0.15,
            },
        }
    }

    #[test]
    fn each_kind_has_its_error_and_pass_fail_agreement() {
        let e = evaluate(
            vec![
                label("a.md", 70.0, 60.0, true, 10),
                label("b.md", 70.0, 50.0, false, 20),
                label("c.md", 20.0, 25.0, false, 30),
            ],
            0,
        );
        let k = &e.kinds[0];
        assert_eq!((k.kind.as_str(), k.count), ("k", 3));
        assert!(
            (k.pyprep_error - 35.0 / 3.0).abs() < 1e-9,
            "{}",
            k.pyprep_error
        );
        assert!((k.pass_agreement - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn calibration_finds_the_scale_of_lenient_experts() {
        // Experts who give a half-covered answer 71 and a quarter-covered one 50: the
        // scale of leniency 2 (100 * c^(1/2)).
        let mut labels: Vec<LabelledScore> = (0..8)
            .map(|i| {
                let share = [25.0, 50.0, 100.0, 0.0][i % 4];
                let human = crate::rubric::lenient_share(share, 2.0);
                label(&format!("{i}.md"), human, share, share >= 60.0, 50)
            })
            .collect();
        let fitted = calibrate(&labels);
        assert_eq!(fitted.len(), 1);
        let c = &fitted[0];
        assert_eq!((c.leniency, c.suggested_leniency), (1.0, 2.0));
        assert!(c.suggested_mean_absolute_error < 0.1, "{c:?}");
        assert!(c.mean_absolute_error > 5.0, "{c:?}");
        assert!(c.suggested_pass_agreement > c.pass_agreement, "{c:?}");
        // Too few answers: nothing is fitted.
        labels.truncate(MIN_CALIBRATION_ANSWERS - 1);
        assert!(calibrate(&labels).is_empty());
    }

    #[test]
    fn calibration_finds_what_naming_is_worth_to_the_experts() {
        // Experts who give a concept only named half its weight, where the rubric gives 0.15.
        let labels: Vec<LabelledScore> = (0..8)
            .map(|i| {
                let (fixed, named) =
                    [(50.0, 50.0), (0.0, 100.0), (100.0, 0.0), (25.0, 25.0)][i % 4];
                let now = fixed + 0.15 * named;
                let mut l = label(
                    &format!("{i}.md"),
                    fixed + 0.5 * named,
                    now,
                    now >= 60.0,
                    50,
                );
                l.parts.answer = crate::grade::ScoreParts {
                    share: now,
                    fixed,
                    named,
                    total: 100.0,
                    ..crate::grade::ScoreParts::default()
                };
                l
            })
            .collect();
        let c = &calibrate(&labels)[0];
        assert_eq!((c.naming, c.suggested_naming), (0.15, 0.5), "{c:?}");
        assert_eq!(c.suggested_leniency, 1.0, "{c:?}");
        assert!(c.suggested_mean_absolute_error < 0.1, "{c:?}");
        // Where nothing is only named, any share fits as well: the rubric's own stays.
        let plain: Vec<LabelledScore> = (0..8)
            .map(|i| label(&format!("{i}.md"), 50.0, 50.0, false, 50))
            .collect();
        assert_eq!(calibrate(&plain)[0].suggested_naming, 0.15);
    }

    #[test]
    fn leniency_one_leaves_scores_alone_and_never_reorders() {
        for share in [0.0, 12.5, 50.0, 99.9, 100.0] {
            assert_eq!(crate::rubric::lenient_share(share, 1.0), share);
        }
        let scale = |s| crate::rubric::lenient_share(s, 1.3);
        assert!(scale(20.0) < scale(40.0) && scale(40.0) < scale(80.0));
        assert_eq!((scale(0.0), scale(100.0)), (0.0, 100.0));
    }

    #[test]
    fn a_human_score_is_a_score_from_0_to_100() {
        assert_eq!(human_score("none.md", 100.0), Ok(100.0));
        for bad in [f64::NAN, f64::INFINITY, -0.5, 200.0] {
            let e = human_score("none.md", bad).unwrap_err();
            assert_eq!(e.line, None);
            assert!(e.to_string().starts_with("human_score "), "{e}");
        }
    }

    #[test]
    fn counts_false_passes_and_fails() {
        let e = evaluate(
            vec![
                label("a", 90.0, 80.0, true, 100),
                label("b", 20.0, 70.0, true, 50),
                label("c", 70.0, 40.0, false, 80),
                label("d", 10.0, 5.0, false, 10),
            ],
            2,
        );
        assert_eq!(e.pyprep.false_passes, 1);
        assert_eq!(e.pyprep.false_fails, 1);
        assert_eq!(e.pyprep.pass_agreement, 0.5);
        assert_eq!(e.largest_disagreements[0].file, "b");
        assert_eq!(e.kinds[0].count, 4);
    }
}
