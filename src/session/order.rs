//! Which question next: the `--weakest` practice order and the questions due for another go.
//! The rules are documented for users in docs/sessions.md; keep the two in step.

use std::collections::HashMap;

use crate::history::Attempt;

/// Graded attempts averaged for a question's "recent score".
pub const RECENT_ATTEMPTS: usize = 3;
/// Longest wait before a mastered question is due again.
pub const MAX_INTERVAL_DAYS: i64 = 64;

const DAY_MS: i64 = 86_400_000;

/// What the history says about one question.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// Scores of the graded attempts, oldest first.
    pub scores: Vec<f64>,
    /// Whether each graded attempt passed, oldest first.
    pub passes: Vec<bool>,
    /// Time of the latest graded attempt (ms since the epoch), when it parses.
    pub last_time_ms: Option<i64>,
}

impl Record {
    /// Mean of the last [`RECENT_ATTEMPTS`] scores.
    pub fn recent(&self) -> Option<f64> {
        let tail = &self.scores[self.scores.len().saturating_sub(RECENT_ATTEMPTS)..];
        (!tail.is_empty()).then(|| tail.iter().sum::<f64>() / tail.len() as f64)
    }

    /// The latest attempt passed.
    pub fn mastered(&self) -> bool {
        self.passes.last() == Some(&true)
    }

    /// Passing attempts in a row at the end.
    pub fn streak(&self) -> usize {
        self.passes.iter().rev().take_while(|p| **p).count()
    }

    /// When the question is due again: at once after a failed attempt; after a mastered one,
    /// 1 day, then 2, 4, 8 ... up to [`MAX_INTERVAL_DAYS`] as the passing streak grows.
    pub fn due_at_ms(&self) -> Option<i64> {
        let last = self.last_time_ms?;
        match self.streak() {
            0 => Some(last),
            n => {
                let days = 1i64
                    .checked_shl((n - 1).min(30) as u32)
                    .unwrap_or(MAX_INTERVAL_DAYS)
                    .min(MAX_INTERVAL_DAYS);
                Some(last.saturating_add(days * DAY_MS))
            }
        }
    }
}

/// Records of every question in the history, by question id. Ungraded attempts are left out.
pub fn records(attempts: &[Attempt]) -> HashMap<String, Record> {
    let mut map: HashMap<String, Record> = HashMap::new();
    for a in attempts {
        let Some(score) = a.score else { continue };
        let r = map.entry(a.question.clone()).or_default();
        r.scores.push(score);
        r.passes.push(a.pass.unwrap_or(false));
        if let Some(t) = crate::session::clock::parse_rfc3339(&a.time) {
            r.last_time_ms = Some(r.last_time_ms.map_or(t, |old| old.max(t)));
        }
    }
    map
}

/// The `--weakest` order of `ids` (given in bank order): first the questions tried but not
/// mastered, lowest recent score first; then those never tried, in bank order; then the
/// mastered ones, lowest recent score first. Ties keep bank order.
pub fn weakest_first<'a>(ids: &[&'a str], attempts: &[Attempt]) -> Vec<&'a str> {
    let recs = records(attempts);
    let mut keyed: Vec<(u8, f64, usize, &str)> = ids
        .iter()
        .enumerate()
        .map(
            |(i, id)| match recs.get(*id).and_then(|r| r.recent().map(|s| (r, s))) {
                None => (1, 0.0, i, *id),
                Some((r, s)) if r.mastered() => (2, s, i, *id),
                Some((_, s)) => (0, s, i, *id),
            },
        )
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    keyed.into_iter().map(|k| k.3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(q: &str, day: i64, score: f64) -> Attempt {
        Attempt {
            v: 1,
            time: crate::session::clock::rfc3339(1_795_833_000_000 + day * DAY_MS),
            question: q.into(),
            number: None,
            title: None,
            mode: None,
            answer: String::new(),
            score: Some(score),
            pass: Some(score >= 60.0),
            covered: vec![],
            missed: vec![],
            misconceptions: vec![],
            error: None,
            seconds: None,
        }
    }

    #[test]
    fn weakest_order() {
        let ids = ["a", "b", "c", "d", "e"];
        let history = vec![
            attempt("a", 0, 90.0), // mastered
            attempt("b", 0, 50.0),
            attempt("b", 1, 30.0), // weak, recent 40
            attempt("d", 0, 55.0), // weak, recent 55
            attempt("e", 0, 20.0),
            attempt("e", 1, 70.0), // mastered, recent 45
        ];
        assert_eq!(weakest_first(&ids, &history), vec!["b", "d", "c", "e", "a"]);
    }

    #[test]
    fn ungraded_attempts_do_not_count_as_tried() {
        let mut a = attempt("a", 0, 0.0);
        a.score = None;
        assert_eq!(weakest_first(&["b", "a"], &[a]), vec!["b", "a"]);
    }

    #[test]
    fn intervals_double_with_the_streak() {
        let day0 = 1_795_833_000_000;
        let r = records(&[attempt("a", 0, 30.0)]).remove("a").unwrap();
        assert_eq!(r.due_at_ms(), Some(day0));
        let r = records(&[attempt("a", 0, 70.0), attempt("a", 1, 80.0)])
            .remove("a")
            .unwrap();
        assert_eq!(r.streak(), 2);
        assert_eq!(r.due_at_ms(), Some(day0 + 3 * DAY_MS));
        let many: Vec<Attempt> = (0..40).map(|d| attempt("a", d, 90.0)).collect();
        let r = records(&many).remove("a").unwrap();
        assert_eq!(
            r.due_at_ms(),
            Some(day0 + (39 + MAX_INTERVAL_DAYS) * DAY_MS)
        );
    }
}
