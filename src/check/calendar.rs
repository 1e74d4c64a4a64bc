//! Checking `calendar` blocks: days, clock times, overlaps, holidays.

use chrono::{NaiveDate, Weekday};

use super::vocabulary::{self, DAY_WORDS};
use super::{Checker, Error, ErrorKind};
use crate::standard::{Calendar, ClosedDate, OpenRange};
use crate::suggest::closest;
use crate::syntax::ast::{self, Span, Word};

const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

impl Checker<'_> {
    pub(super) fn calendar(&mut self, decl: &ast::CalendarDecl) {
        let name = &decl.name;
        if let Some(i) = self.out.calendars.iter().position(|c| c.name == name.text) {
            let first = self.spans.calendars[i];
            return self.error(
                Error::new(ErrorKind::Duplicate { what: "calendar", name: name.text.clone() }, name.span)
                    .related(first, "first declared here"),
            );
        }
        let timezone = decl.timezone.as_ref().and_then(|zone| self.zone(zone));
        let mut hours = Vec::new();
        let mut placed: Vec<(u32, u32, Span, Weekday)> = Vec::new();
        for line in &decl.hours {
            let Some(range) = self.hours_line(line) else { continue };
            for &day in &range.days {
                for (start, end) in week_intervals(day, range.start, range.end) {
                    placed.push((start, end, line.span, day));
                }
            }
            hours.push(range);
        }
        self.overlaps(&mut placed);
        let mut closed: Vec<ClosedDate> = Vec::new();
        for line in &decl.closed {
            let Some(date) = self.date(&line.date) else { continue };
            if closed.iter().any(|c| c.date == date) {
                self.error(Error::new(
                    ErrorKind::Duplicate { what: "closed date", name: line.date.text.clone() },
                    line.date.span,
                ));
                continue;
            }
            closed.push(ClosedDate { date, label: line.label.as_ref().map(|l| l.text.clone()) });
        }
        self.spans.calendars.push(name.span);
        self.out.calendars.push(Calendar { name: name.text.clone(), timezone, hours, closed });
    }

    fn hours_line(&mut self, line: &ast::HoursLine) -> Option<OpenRange> {
        let mut days = Vec::new();
        let mut ok = true;
        for item in &line.days {
            match self.day_item(item) {
                Some(found) => days.extend(found.into_iter().filter(|d| !days.contains(d)).collect::<Vec<_>>()),
                None => ok = false,
            }
        }
        let start = self.clock(&line.start, false);
        let end = self.clock(&line.end, true);
        let (start, end) = (start?, end?);
        if start == end {
            self.error(
                Error::new(ErrorKind::EmptyRange, line.start.span.to(line.end.span))
                    .help("for a whole day write `00:00-24:00`".to_string()),
            );
            return None;
        }
        ok.then_some(OpenRange { days, start, end })
    }

    /// `mon`, `mon-fri` (wrapping past Sunday), full names too.
    fn day_item(&mut self, item: &Word) -> Option<Vec<Weekday>> {
        let parts: Vec<&str> = item.text.splitn(2, '-').collect();
        let mut found = Vec::new();
        let mut offset = 0;
        for part in &parts {
            let span = Span::new(item.span.start + offset, item.span.start + offset + part.len());
            offset += part.len() + 1;
            match vocabulary::day(part) {
                Some(day) => found.push(day),
                None => {
                    let help = match closest(part, DAY_WORDS.iter().map(|(w, _)| *w)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "days are mon, tue, wed, thu, fri, sat and sun; ranges such as `mon-fri`".to_string(),
                    };
                    self.error(Error::new(ErrorKind::UnknownDay(part.to_string()), span).help(help));
                    return None;
                }
            }
        }
        Some(match found.as_slice() {
            [from, to] => {
                let mut days = vec![*from];
                let mut day = *from;
                while day != *to {
                    day = day.succ();
                    days.push(day);
                }
                days
            }
            _ => found,
        })
    }

    /// `HH:MM` → minutes after midnight; `24:00` only as an end.
    fn clock(&mut self, word: &Word, is_end: bool) -> Option<u16> {
        let (h, m) = word.text.split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        let valid = (h < 24 && m < 60) || (is_end && h == 24 && m == 0);
        if !valid {
            let help = if h == 24 {
                "`24:00` can only end a range".to_string()
            } else {
                "hours run from 00 to 23 and minutes from 00 to 59".to_string()
            };
            self.error(Error::new(ErrorKind::InvalidClock(word.text.clone()), word.span).help(help));
            return None;
        }
        Some(h * 60 + m)
    }

    fn date(&mut self, word: &Word) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&word.text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.error(
                    Error::new(ErrorKind::InvalidDate(word.text.clone()), word.span)
                        .help("write dates as YYYY-MM-DD, such as `2026-12-25`".to_string()),
                );
                None
            }
        }
    }

    /// Reports opening ranges that share time, once per pair of lines.
    fn overlaps(&mut self, placed: &mut [(u32, u32, Span, Weekday)]) {
        placed.sort_by_key(|p| (p.0, p.1));
        let mut reported: Vec<(Span, Span)> = Vec::new();
        let mut furthest: Option<(u32, Span)> = None;
        for &(start, end, span, day) in placed.iter() {
            if let Some((reach, other)) = furthest {
                if start < reach && !reported.contains(&(other, span)) {
                    reported.push((other, span));
                    let (first, second) = if other.start < span.start { (other, span) } else { (span, other) };
                    let other_text =
                        self.source[first.start..first.end].split_whitespace().collect::<Vec<_>>().join(" ");
                    let kind = ErrorKind::OverlappingRanges { day: day_name(day).to_string(), other: other_text };
                    let error = Error::new(kind, second)
                        .related(first, "overlaps this range")
                        .help("a calendar's ranges must not share time: merge or shorten them".to_string());
                    self.error(error);
                }
            }
            if furthest.is_none_or(|(reach, _)| end > reach) {
                furthest = Some((end, span));
            }
        }
    }
}

/// The minutes of the week (Monday 00:00 = 0) a range covers on `day`,
/// split in two where it wraps from Sunday night into Monday.
fn week_intervals(day: Weekday, start: u16, end: u16) -> Vec<(u32, u32)> {
    let base = day.num_days_from_monday() * MINUTES_PER_DAY;
    let start = base + u32::from(start);
    // An end at or before the start crosses midnight into the next day.
    let end =
        if u32::from(end) + base > start { base + u32::from(end) } else { base + MINUTES_PER_DAY + u32::from(end) };
    if end <= MINUTES_PER_WEEK {
        vec![(start, end)]
    } else {
        vec![(start, MINUTES_PER_WEEK), (0, end - MINUTES_PER_WEEK)]
    }
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
