//! Text longer than the screen goes through the user's pager, as git and man do, so a
//! model answer can be read from its first line instead of scrolled back to.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Writes `text` to `out`, through `$PAGER` (else `less -R`, which keeps colours) when
/// standard output is a terminal too short to hold it. A pager that cannot be started
/// is no error: the text is written as it is.
pub fn show(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let rows = terminal_size::terminal_size_of(io::stdout()).map(|(_, rows)| rows.0 as usize);
    if rows.is_some_and(|rows| text.lines().count() >= rows) {
        if let Some(done) = through_pager(text) {
            return done;
        }
    }
    out.write_all(text.as_bytes())
}

/// `Some` once the pager ran (whatever it made of the text); `None` when there is none.
fn through_pager(text: &str) -> Option<io::Result<()>> {
    let pager = std::env::var("PAGER").unwrap_or_default();
    let pager = match pager.trim() {
        // An empty PAGER is a user's way to say "no pager", as for git.
        "" if std::env::var_os("PAGER").is_some() => return None,
        "" => "less -R",
        p => p,
    };
    let mut child = Command::new("sh")
        .args(["-c", pager])
        .stdin(Stdio::piped())
        .spawn()
        .ok()?;
    let written = child
        .stdin
        .take()
        .map_or(Ok(()), |mut stdin| stdin.write_all(text.as_bytes()));
    let waited = child.wait();
    // The shell says 127 when the pager is not installed: then nothing was shown.
    if waited
        .as_ref()
        .is_ok_and(|status| status.code() == Some(127))
    {
        return None;
    }
    // Quitting the pager before the end closes its input: that is reading, not failing.
    Some(match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => waited.map(|_| ()),
    })
}
