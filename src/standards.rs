//! [`Standards`]: a whole `.std` file, parsed and checked.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono_tz::Tz;
use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::standard::print::quoted;
use crate::standard::{Calendar, MeasureDecl, Standard, SubjectDecl};
use crate::syntax::ast::Span;
use crate::{check, syntax, Error};

/// The standards of one `.std` file, with the declarations they use.
///
/// ```
/// use yardstick::Standards;
///
/// let standards: Standards = r#"
///     standard "Q-2 Telephone pickup":
///       calls answered within three rings 95% of the time per day by team
/// "#.parse()?;
/// let pickup = standards.iter().next().unwrap();
/// assert_eq!(pickup.name, "Q-2 Telephone pickup");
/// assert_eq!(pickup.to_string(), "calls answered within 3 rings 95% of the time per day by team");
/// # Ok::<(), yardstick::Diagnostics>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standards {
    /// The zone for windows, calendars and timestamps without an offset.
    #[serde(serialize_with = "crate::standard::serialize_zone")]
    pub(crate) timezone: Tz,
    /// Business-hours calendars.
    pub(crate) calendars: Vec<Calendar>,
    /// Declared subjects.
    pub(crate) subjects: Vec<SubjectDecl>,
    /// Declared measures.
    pub(crate) measures: Vec<MeasureDecl>,
    /// The standards, in file order.
    pub(crate) standards: Vec<Standard>,
}

impl Standards {
    /// Parses and checks the text of a `.std` file. On failure, every error
    /// found is returned.
    pub fn parse(source: &str) -> Result<Standards, Diagnostics> {
        Standards::parse_named("<standards>", source)
    }

    /// As [`Standards::parse`], naming the source in messages (a file name).
    pub fn parse_named(name: &str, source: &str) -> Result<Standards, Diagnostics> {
        let (statements, syntax_errors) = syntax::parse(source);
        let (checked, check_errors) = check::check(source, &statements);
        let mut errors: Vec<(usize, Error)> =
            syntax_errors.into_iter().map(|e| (e.span.start, Error::Syntax(e))).collect();
        errors.extend(check_errors.into_iter().map(|e| (e.span.start, Error::Check(e))));
        if !errors.is_empty() {
            errors.sort_by_key(|(start, _)| *start);
            return Err(Diagnostics::new(name, source, errors.into_iter().map(|(_, e)| e).collect()));
        }
        Ok(Standards {
            timezone: checked.timezone.unwrap_or(Tz::UTC),
            calendars: checked.calendars,
            subjects: checked.subjects,
            measures: checked.measures,
            standards: checked.standards,
        })
    }

    /// Reads, parses and checks a `.std` file. A file that is not UTF-8 or
    /// larger than [`syntax::MAX_FILE_BYTES`] is an error, not a panic.
    pub fn parse_file(path: impl AsRef<Path>) -> Result<Standards, Diagnostics> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bytes = read_limited(path)
            .map_err(|source| Diagnostics::new(&name, "", vec![Error::Io { path: name.clone(), source }]))?;
        match String::from_utf8(bytes) {
            Ok(source) => Standards::parse_named(&name, &source),
            Err(bad) => {
                let at = bad.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(bad.as_bytes()).into_owned();
                let width = text[at..].chars().next().map_or(0, char::len_utf8);
                let error = syntax::Error {
                    kind: syntax::ErrorKind::InvalidUtf8,
                    span: Span::new(at, at + width),
                    help: Some("save the file as UTF-8".into()),
                };
                Err(Diagnostics::new(&name, text, vec![Error::Syntax(error)]))
            }
        }
    }

    /// The standards, in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Standard> {
        self.standards.iter()
    }

    /// How many standards there are.
    pub fn len(&self) -> usize {
        self.standards.len()
    }

    /// True when the file holds no standard.
    pub fn is_empty(&self) -> bool {
        self.standards.is_empty()
    }

    /// The standard with this name.
    pub fn get(&self, name: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.name == name)
    }

    /// The file's time zone (`UTC` unless it says otherwise).
    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    /// The calendars it declares, in file order.
    pub fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    /// The subjects it declares, in file order.
    pub fn subjects(&self) -> &[SubjectDecl] {
        &self.subjects
    }

    /// The measures it declares, in file order.
    pub fn measures(&self) -> &[MeasureDecl] {
        &self.measures
    }

    /// The calendar with this name.
    pub fn calendar(&self, name: &str) -> Option<&Calendar> {
        self.calendars.iter().find(|c| c.name == name)
    }
}

/// Reads at most one byte more than the limit, so a huge file is refused
/// without being read whole.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(syntax::MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl FromStr for Standards {
    type Err = Diagnostics;

    fn from_str(source: &str) -> Result<Standards, Diagnostics> {
        Standards::parse(source)
    }
}

impl<'a> IntoIterator for &'a Standards {
    type Item = &'a Standard;
    type IntoIter = std::slice::Iter<'a, Standard>;

    fn into_iter(self) -> Self::IntoIter {
        self.standards.iter()
    }
}

/// The whole file in canonical form: what `yardstick fmt` writes.
impl fmt::Display for Standards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sections: Vec<String> = Vec::new();
        if self.timezone != Tz::UTC {
            sections.push(format!("timezone {}\n", quoted(self.timezone.name())));
        }
        sections.extend(self.calendars.iter().map(|c| c.to_string()));
        let mut declarations = String::new();
        for subject in &self.subjects {
            declarations.push_str(&format!("subject {} = {}\n", subject.name, subject.filter));
        }
        for measure in &self.measures {
            declarations.push_str(&format!("measure {} = {}\n", measure.phrase, measure.source));
        }
        if !declarations.is_empty() {
            sections.push(declarations);
        }
        sections.extend(self.standards.iter().map(|s| format!("standard {}:\n  {s}\n", quoted(&s.name))));
        f.write_str(&sections.join("\n"))
    }
}
