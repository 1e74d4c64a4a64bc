//! Checking numbers, percentages, conditions, quantities, units and the
//! calendar a business unit is counted on.

use super::*;

impl Checker<'_> {
    pub(super) fn unit_suggestion(&self, word: &str) -> String {
        match closest(word, vocabulary::UNIT_WORDS.iter().map(|(w, _)| *w)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "units are seconds, minutes, hours, days, rings, or business minutes, hours or days".to_string(),
        }
    }

    // ------------------------------------------------------------ standards

    pub(super) fn percent(&mut self, word: &Word) -> Option<Decimal> {
        let value = self.number(word)?;
        if value > Decimal::from_int(100) {
            self.error(
                Error::new(ErrorKind::PercentOver100(word.text.clone()), word.span)
                    .help("a share is at most 100%".to_string()),
            );
            return None;
        }
        Some(value)
    }

    pub(super) fn number(&mut self, word: &Word) -> Option<Decimal> {
        if let Some(n) = vocabulary::spelled_number(&word.text) {
            return Some(Decimal::from_int(n));
        }
        match Decimal::parse(&word.text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.error(Error::new(ErrorKind::NumberTooLarge(word.text.clone()), word.span));
                None
            }
        }
    }

    pub(super) fn condition(&mut self, condition: &ast::Condition) -> Option<Condition> {
        let upper = condition.upper.as_ref().map(|q| self.quantity(q, None));
        let inherited = match &upper {
            Some(Some(u)) if condition.quantity.unit.is_none() => Some(u.unit.clone()),
            _ => None,
        };
        let quantity = self.quantity(&condition.quantity, inherited)?;
        let upper = match upper {
            Some(u) => Some(u?),
            None => None,
        };
        if let Some(upper) = &upper {
            if upper.unit.dimension() != quantity.unit.dimension() {
                self.error(
                    Error::new(ErrorKind::MixedUnits, condition.span)
                        .help("give both ends the same kind of unit".to_string()),
                );
                return None;
            }
            if seconds_or_value(&quantity) > seconds_or_value(upper) {
                self.error(
                    Error::new(ErrorKind::BetweenOutOfOrder, condition.span)
                        .help("write the smaller quantity first".to_string()),
                );
                return None;
            }
        }
        let bounds = [(Some(&quantity), Some(&condition.quantity)), (upper.as_ref(), condition.upper.as_ref())];
        for (q, written) in bounds {
            if let (Some(q), Some(written)) = (q, written) {
                if q.unit != Unit::None && q.value.is_negative() {
                    self.error(Error::new(ErrorKind::NegativeQuantity, written.span));
                    return None;
                }
            }
        }
        Some(Condition { op: condition.op, quantity, upper })
    }

    pub(super) fn quantity(&mut self, quantity: &ast::Quantity, inherited: Option<Unit>) -> Option<Quantity> {
        let value = self.number(&quantity.number)?;
        let unit = match &quantity.unit {
            None => inherited.unwrap_or(Unit::None),
            Some(words) => self.unit(words, value)?,
        };
        Some(Quantity { value, unit })
    }

    pub(super) fn unit(&mut self, words: &ast::UnitWords, value: Decimal) -> Option<Unit> {
        let Some(word) = vocabulary::unit_word(&words.word.text) else {
            let help = self.unit_suggestion(&words.word.text);
            self.error(Error::new(ErrorKind::UnknownUnit(words.word.text.clone()), words.word.span).help(help));
            return None;
        };
        if !words.business {
            return Some(match word {
                UnitWord::Seconds => Unit::Seconds,
                UnitWord::Minutes => Unit::Minutes,
                UnitWord::Hours => Unit::Hours,
                UnitWord::Days => Unit::Days,
                UnitWord::Rings => Unit::Rings,
            });
        }
        if matches!(word, UnitWord::Seconds | UnitWord::Rings) {
            let help = "business time is counted in business minutes, hours or days".to_string();
            self.error(Error::new(ErrorKind::NotBusinessTime(words.word.text.clone()), words.span).help(help));
            return None;
        }
        if word == UnitWord::Days && value.as_integer().is_none() {
            self.error(
                Error::new(ErrorKind::FractionalBusinessDays, words.span)
                    .help("use business hours for part of a day".to_string()),
            );
            return None;
        }
        let calendar = self.calendar_for(words)?;
        Some(match word {
            UnitWord::Minutes => Unit::BusinessMinutes(calendar),
            UnitWord::Hours => Unit::BusinessHours(calendar),
            _ => Unit::BusinessDays(calendar),
        })
    }

    /// The calendar business time is counted on: the one named, or the
    /// file's only one.
    pub(super) fn calendar_for(&mut self, words: &ast::UnitWords) -> Option<String> {
        let names: Vec<&str> = self.out.calendars.iter().map(|c| c.name.as_str()).collect();
        match &words.calendar {
            Some(name) if names.contains(&name.text.as_str()) => Some(name.text.clone()),
            Some(name) => {
                let help = match closest(&name.text, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if names.is_empty() => "declare it with `calendar NAME:` and its opening hours".to_string(),
                    None => format!("the calendars are {}", list_names(&names)),
                };
                self.error(Error::new(ErrorKind::UnknownCalendar(name.text.clone()), name.span).help(help));
                None
            }
            None => match names.as_slice() {
                [only] => Some(only.to_string()),
                [] => {
                    let help =
                        "declare one, for example `calendar office:` followed by `mon-fri 09:00-17:00`".to_string();
                    self.error(Error::new(ErrorKind::NoCalendar, words.span).help(help));
                    None
                }
                several => {
                    let help = format!("name one: `{} on {}`", words_text(self.source, words.span), several[0]);
                    self.error(Error::new(ErrorKind::AmbiguousCalendar(list_names(several)), words.span).help(help));
                    None
                }
            },
        }
    }
}
