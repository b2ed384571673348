//! What `pyprep stats` reports, worked out once: the tables and `stats --format json` both
//! read this model, so the two never disagree. Every list is sorted here, so neither output
//! depends on hash order.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::bank::Bank;
use crate::history::Attempt;

use super::clock::rfc3339;
use super::order::{RECENT_ATTEMPTS, records};

/// Concepts listed under "missed most often".
pub const TOP_MISSED: usize = 10;

/// Attempts, best, last and trend over a series of attempts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Every attempt, graded or not.
    pub attempts: usize,
    /// Best and last score of the graded attempts; `None` when none was graded.
    pub best: Option<f64>,
    pub last: Option<f64>,
    /// The last score less the mean of the (up to) three before it, to one decimal; `None`
    /// with fewer than two graded attempts.
    pub trend: Option<f64>,
}

/// One row of "By question".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionProgress {
    /// The question's id.
    pub question: String,
    /// Its number in today's bank; `None` when the bank no longer has it.
    pub number: Option<u32>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// One row of "By topic".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicProgress {
    /// `None` gathers the attempts at questions the bank no longer has.
    pub topic: Option<String>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// One row of "Concepts missed most often".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedConcept {
    pub question: String,
    /// The concept's id, as the history records it.
    pub concept: String,
    /// Its label in today's rubric; `None` when the rubric no longer has it.
    pub label: Option<String>,
    pub times_missed: usize,
    /// Graded attempts at the question.
    pub graded_attempts: usize,
}

/// A question due for another go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    pub question: String,
    pub number: u32,
    /// When it fell due: RFC 3339 UTC.
    pub due_at: String,
    /// Whether its latest graded attempt passed.
    pub passed: bool,
    /// Passing attempts in a row at the end.
    pub streak: usize,
    pub last_score: Option<f64>,
    /// Time of its latest graded attempt: RFC 3339 UTC.
    pub last_time: String,
    /// Its latest graded attempt, in milliseconds since the epoch, for "N days ago".
    #[serde(skip)]
    pub last_time_ms: i64,
}

/// A question of the bank with no graded attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeverTried {
    pub question: String,
    pub number: u32,
}

/// Everything `pyprep stats` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// In bank order; questions the bank no longer has come after, by id.
    pub by_question: Vec<QuestionProgress>,
    /// By topic name; the questions the bank no longer has come first.
    pub by_topic: Vec<TopicProgress>,
    /// Most often missed first; ties by question id, then concept id.
    pub missed_most_often: Vec<MissedConcept>,
    /// Earliest due first; ties in bank order.
    pub due: Vec<Due>,
    /// In bank order.
    pub never_tried: Vec<NeverTried>,
}

/// Scores over a series of attempts, oldest first.
#[derive(Debug, Default)]
struct Series {
    attempts: usize,
    scores: Vec<f64>,
}

impl Series {
    fn add(&mut self, a: &Attempt) {
        self.attempts += 1;
        if let Some(s) = a.score {
            self.scores.push(s);
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            attempts: self.attempts,
            best: self.scores.iter().copied().reduce(f64::max),
            last: self.scores.last().copied(),
            trend: self.trend(),
        }
    }

    fn trend(&self) -> Option<f64> {
        let (last, before) = self.scores.split_last()?;
        let before = &before[before.len().saturating_sub(RECENT_ATTEMPTS)..];
        if before.is_empty() {
            return None;
        }
        let d = last - before.iter().sum::<f64>() / before.len() as f64;
        // One decimal, as the table shows it; never `-0.0`.
        Some((d * 10.0).round() / 10.0 + 0.0)
    }
}

/// The statistics of `attempts` against `bank`, with what is due at `now_ms`.
pub fn stats(bank: &Bank, attempts: &[Attempt], now_ms: i64) -> Stats {
    let mut per_question: BTreeMap<(u32, String), Series> = BTreeMap::new();
    let mut per_topic: BTreeMap<Option<String>, Series> = BTreeMap::new();
    let mut missed: HashMap<(String, String), usize> = HashMap::new();
    let mut graded_per_question: HashMap<String, usize> = HashMap::new();
    for a in attempts {
        let q = bank.resolve(&a.question);
        let key = (q.map_or(u32::MAX, |q| q.number()), a.question.clone());
        per_question.entry(key).or_default().add(a);
        let topics = q.map_or_else(
            || vec![None],
            |q| q.content.topics.iter().cloned().map(Some).collect(),
        );
        for t in topics {
            per_topic.entry(t).or_default().add(a);
        }
        if a.score.is_some() {
            *graded_per_question.entry(a.question.clone()).or_default() += 1;
            for c in &a.missed {
                *missed.entry((a.question.clone(), c.clone())).or_default() += 1;
            }
        }
    }

    let by_question = per_question
        .into_iter()
        .map(|((number, question), s)| QuestionProgress {
            question,
            number: (number != u32::MAX).then_some(number),
            progress: s.progress(),
        })
        .collect();
    let by_topic = per_topic
        .into_iter()
        .map(|(topic, s)| TopicProgress {
            topic,
            progress: s.progress(),
        })
        .collect();

    let mut top: Vec<((String, String), usize)> = missed.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_MISSED);
    let missed_most_often = top
        .into_iter()
        .map(|((question, concept), n)| MissedConcept {
            label: concept_label(bank, &question, &concept),
            graded_attempts: graded_per_question.get(&question).copied().unwrap_or(n),
            question,
            concept,
            times_missed: n,
        })
        .collect();

    let recs = records(attempts);
    let mut due: Vec<(i64, usize, Due)> = Vec::new();
    for (i, q) in bank.questions.iter().enumerate() {
        let Some(r) = recs.get(q.id()) else { continue };
        let (Some(at), Some(last_ms)) = (r.due_at_ms(), r.last_time_ms) else {
            continue;
        };
        if at <= now_ms {
            due.push((
                at,
                i,
                Due {
                    question: q.id().to_string(),
                    number: q.number(),
                    due_at: rfc3339(at),
                    passed: r.mastered(),
                    streak: r.streak(),
                    last_score: r.scores.last().copied(),
                    last_time: rfc3339(last_ms),
                    last_time_ms: last_ms,
                },
            ));
        }
    }
    due.sort_by_key(|(at, i, _)| (*at, *i));
    let never_tried = bank
        .questions
        .iter()
        .filter(|q| !recs.contains_key(q.id()))
        .map(|q| NeverTried {
            question: q.id().to_string(),
            number: q.number(),
        })
        .collect();

    Stats {
        by_question,
        by_topic,
        missed_most_often,
        due: due.into_iter().map(|(_, _, d)| d).collect(),
        never_tried,
    }
}

fn concept_label(bank: &Bank, question: &str, concept: &str) -> Option<String> {
    let q = bank.resolve(question)?;
    let rubric = bank.compiled(q).ok()?;
    rubric
        .concepts
        .iter()
        .find(|c| &*c.id == concept)
        .map(|c| c.label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(scores: &[f64]) -> Series {
        Series {
            attempts: scores.len(),
            scores: scores.to_vec(),
        }
    }

    #[test]
    fn trend_is_the_last_against_the_three_before_to_one_decimal() {
        assert_eq!(series(&[]).trend(), None);
        assert_eq!(series(&[50.0]).trend(), None);
        assert_eq!(series(&[10.0, 50.0, 60.0, 70.0, 80.0]).trend(), Some(20.0));
        assert_eq!(series(&[70.0, 40.0]).trend(), Some(-30.0));
        let flat = series(&[60.0, 60.02]).trend().unwrap();
        assert!(flat == 0.0 && flat.is_sign_positive());
        assert_eq!(series(&[0.0, 0.0, 33.3, 50.0]).trend(), Some(38.9));
    }
}
