//! Checking one standard: its subject, measure (picked by the unit's
//! dimension), target (SPEC §5's measurable rule, with a rewrite when it
//! is vague or missing), statistic and business-time rules; and the helpers
//! that write examples and rewrites into messages.

use super::*;

impl Checker<'_> {
    pub(super) fn standard(&mut self, decl: &ast::StandardDecl) {
        let name = &decl.name;
        if let Some(i) = self.standard_names.iter().position(|s| *s == name.text) {
            let first = self.spans.standards[i];
            let error = Error::new(ErrorKind::Duplicate { what: "standard", name: name.text.clone() }, name.span)
                .related(first, "first declared here")
                .help("give each standard its own name".to_string());
            self.error(error);
        }
        let errors_before = self.errors.len();
        let standard = match &decl.body {
            ast::Body::Compliance { subject, measure, condition, target, tail } => {
                self.compliance(decl, subject, measure, condition.as_ref(), target.as_ref(), tail)
            }
            ast::Body::Aggregate { aggregate, measure, subject, comparison, vague, tail } => {
                self.aggregate(decl, aggregate, measure, subject.as_ref(), comparison.as_ref(), vague.as_ref(), tail)
            }
        };
        self.spans.standards.push(name.span);
        self.standard_names.push(name.text.clone());
        if let (Some(standard), true) = (standard, self.errors.len() == errors_before) {
            self.out.standards.push(standard);
        }
    }

    pub(super) fn compliance(
        &mut self,
        decl: &ast::StandardDecl,
        subject: &Word,
        phrase: &Word,
        condition: Option<&ast::Condition>,
        target: Option<&ast::Target>,
        tail: &ast::Tail,
    ) -> Option<Standard> {
        let population = self.population(subject);
        let condition = condition.map(|c| (self.condition(c), c));
        let measurable = matches!(target, Some(t) if !matches!(t, ast::Target::Vague(_)));
        let required = match &condition {
            Some((Some(c), _)) => Some(c.quantity.unit.dimension()),
            Some((None, _)) => None,
            // Without a target the standard is reported as not measurable,
            // with a rewrite that adds a condition if the measure needs one.
            None if !measurable => None,
            None => Some(Dimension::Boolean),
        };
        let unit_at = condition
            .as_ref()
            .map(|(_, c)| (c.quantity.unit.as_ref().map_or(c.quantity.span, |u| u.span), unit_text(c)));
        let measure = self.measure(phrase, required, unit_at, condition.is_none());
        if let (Some((Some(c), written)), Some(m)) = (&condition, &measure) {
            self.check_business(c, written, m);
        }
        let target = self.target(decl, target, measure.as_ref(), condition.is_some(), tail);
        let (window, grouping, filter) = self.tail(tail);
        let condition = match condition {
            Some((c, _)) => Some(c?),
            None => None,
        };
        Some(Standard {
            name: decl.name.text.clone(),
            population: population?,
            measure: measure?,
            kind: Kind::Compliance { condition, target: target? },
            window: window?,
            grouping: grouping?,
            filter: filter?,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn aggregate(
        &mut self,
        decl: &ast::StandardDecl,
        aggregate: &ast::Aggregate,
        phrase: &Word,
        subject: Option<&Word>,
        comparison: Option<&ast::Condition>,
        vague: Option<&Word>,
        tail: &ast::Tail,
    ) -> Option<Standard> {
        let population = match subject {
            Some(s) => self.population(s),
            None => Some(Population { subject: None, definition: None }),
        };
        let statistic = self.statistic(aggregate);
        let compared = comparison.map(|c| self.condition(c));
        let required = match (&statistic, &compared) {
            (Some(Statistic::Count), _) => None,
            (Some(Statistic::Nps), _) => Some(Dimension::Number),
            (_, Some(Some(c))) => Some(c.quantity.unit.dimension()),
            _ => None,
        };
        let unit_at = comparison.map(|c| (c.quantity.unit.as_ref().map_or(c.quantity.span, |u| u.span), unit_text(c)));
        if !matches!(statistic, Some(Statistic::Count)) && self.only_boolean(phrase) {
            let word = statistic.as_ref().map_or_else(|| "this aggregate".to_string(), |s| s.to_string());
            let phrase_text = phrase.text.to_lowercase();
            let kind = ErrorKind::AggregateNotAllowed {
                statistic: word,
                measure: phrase_text.clone(),
                measure_is: Dimension::Boolean.describe().into(),
            };
            let help = format!("for a yes/no measure write a share, such as `calls {phrase_text} at most 5% of the time`, or use `count`");
            self.error(Error::new(kind, aggregate.span.to(phrase.span)).help(help));
            return None;
        }
        let measure = self.measure(phrase, required, unit_at, false);
        if let (Some(Some(c)), Some(written), Some(m)) = (&compared, comparison, &measure) {
            self.check_business(c, written, m);
            if matches!(c.quantity.unit, Unit::BusinessDays(_)) {
                let span = written.quantity.unit.as_ref().map_or(written.span, |u| u.span);
                let help = "compare it with business hours, such as `at most 16 business hours`, or write a share: \
                            `tickets resolved within 2 business days 90% of the time`";
                self.error(Error::new(ErrorKind::BusinessDaysInAggregate, span).help(help.to_string()));
            }
        }
        if comparison.is_none() {
            let example = example_comparison(measure.as_ref().map(|m| m.dimension));
            let why = match vague {
                Some(v) => format!("`{}` does not say how much", v.text),
                None => "it has no comparison to meet".to_string(),
            };
            let span = vague.map_or(decl.body_span, |v| v.span);
            let before = &self.source[decl.body_span.start..vague.map_or(tail.start, |v| v.span.start)];
            let rewrite = rewrite(before, &example, &self.source[tail.start..decl.body_span.end]);
            self.error(
                Error::new(ErrorKind::NotMeasurable(why), span).help(format!("say how much, for example: `{rewrite}`")),
            );
        }
        if let (Some(statistic), Some(measure)) = (&statistic, &measure) {
            self.check_statistic(
                statistic,
                measure,
                aggregate.span,
                compared.as_ref().and_then(|c| c.as_ref()),
                comparison,
            );
        }
        let (window, grouping, filter) = self.tail(tail);
        let comparison = compared??;
        Some(Standard {
            name: decl.name.text.clone(),
            population: population?,
            measure: measure?,
            kind: Kind::Aggregate { statistic: statistic?, comparison },
            window: window?,
            grouping: grouping?,
            filter: filter?,
        })
    }

    /// Checks that the statistic fits the measure and the comparison's unit.
    pub(super) fn check_statistic(
        &mut self,
        statistic: &Statistic,
        measure: &Measure,
        span: Span,
        comparison: Option<&Condition>,
        written: Option<&ast::Condition>,
    ) {
        let word = statistic.to_string();
        let allowed = match statistic {
            Statistic::Count => true,
            Statistic::Nps => measure.dimension == Dimension::Number,
            _ => measure.dimension != Dimension::Boolean,
        };
        if !allowed {
            let help = match measure.dimension {
                Dimension::Boolean => format!(
                    "for a yes/no measure write a share, such as `calls {} at most 5% of the time`",
                    measure.phrase
                ),
                _ => "`nps of` needs a 0–10 score such as `nps score`".to_string(),
            };
            let kind = ErrorKind::AggregateNotAllowed {
                statistic: word,
                measure: measure.phrase.clone(),
                measure_is: measure.dimension.describe().into(),
            };
            return self.error(Error::new(kind, span).help(help));
        }
        if matches!(statistic, Statistic::Count | Statistic::Nps) {
            if let (Some(c), Some(w)) = (comparison, written) {
                if c.quantity.unit != Unit::None {
                    let unit_span = w.quantity.unit.as_ref().map_or(w.quantity.span, |u| u.span);
                    let kind = ErrorKind::WrongDimension {
                        measure: format!("{word} {}", measure.phrase),
                        measure_is: "a plain number".into(),
                        unit: unit_text(w),
                        unit_is: c.quantity.unit.dimension().describe().into(),
                    };
                    self.error(
                        Error::new(kind, unit_span)
                            .help("compare it with a plain number, such as `at least 100`".to_string()),
                    );
                }
            }
        }
    }

    /// Business time is counted between two instants, so it needs a
    /// `FIELD - FIELD` measure.
    pub(super) fn check_business(&mut self, condition: &Condition, written: &ast::Condition, measure: &Measure) {
        let business = condition.quantity.unit.calendar().is_some();
        if business && !matches!(measure.source, MeasureSource::Between { .. }) {
            let span = written.quantity.unit.as_ref().map_or(written.span, |u| u.span);
            let help = "use wall-clock units such as `minutes`, or a measure declared as `END - START`".to_string();
            self.error(Error::new(ErrorKind::BusinessTimeNeedsTimestamps(measure.phrase.clone()), span).help(help));
        }
    }

    pub(super) fn population(&mut self, subject: &Word) -> Option<Population> {
        if let Some(declared) = self.out.subjects.iter().find(|s| s.name == subject.text) {
            return Some(Population {
                subject: Some(declared.name.clone()),
                definition: Some(declared.filter.clone()),
            });
        }
        if let Some(builtin) = BuiltinSubject::find(&subject.text) {
            return Some(Population { subject: Some(builtin.name.to_string()), definition: builtin.definition() });
        }
        let mut names: Vec<&str> = self.out.subjects.iter().map(|s| s.name.as_str()).collect();
        for s in vocabulary::SUBJECTS {
            names.push(s.name);
            names.extend(s.aliases);
        }
        let help = match closest(&subject.text, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("declare it with `subject {} = FILTER`, or use a built-in subject such as `calls`, `emails`, `chats` or `tickets`", subject.text),
        };
        self.error(Error::new(ErrorKind::UnknownSubject(subject.text.clone()), subject.span).help(help));
        None
    }

    /// True if every measure answering to `phrase` is a yes/no value.
    pub(super) fn only_boolean(&self, phrase: &Word) -> bool {
        let wanted = phrase.text.to_lowercase();
        let mut found = self.declared.iter().chain(&self.builtin).filter(|m| m.phrase == wanted).peekable();
        found.peek().is_some() && found.all(|m| m.dimension == Some(Dimension::Boolean))
    }

    /// Resolves a measure phrase, picking among measures sharing it by the
    /// dimension the standard needs.
    pub(super) fn measure(
        &mut self,
        phrase: &Word,
        required: Option<Dimension>,
        unit_at: Option<(Span, Option<String>)>,
        no_condition: bool,
    ) -> Option<Measure> {
        let wanted = phrase.text.to_lowercase();
        let declared: Vec<&MeasureEntry> = self.declared.iter().filter(|m| m.phrase == wanted).collect();
        let mut candidates = declared.clone();
        candidates.extend(self.builtin.iter().filter(|b| b.phrase == wanted && !declared.iter().any(|d| d.covers(b))));
        if candidates.is_empty() {
            let phrases = self.declared.iter().chain(&self.builtin).map(|m| m.phrase.as_str());
            let help = match closest(&wanted, phrases) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it, for example `measure {wanted} = FIELD`, or use a built-in measure such as `answered`, `responded`, `resolved` or `csat`"),
            };
            self.error(Error::new(ErrorKind::UnknownMeasure(phrase.text.clone()), phrase.span).help(help));
            return None;
        }
        let chosen = match required {
            None => candidates[0],
            Some(dimension) => match candidates.iter().find(|m| m.fits(dimension)) {
                Some(m) => m,
                None => {
                    let has = candidates[0].dimension.unwrap_or(Dimension::Number);
                    let error = match (unit_at, no_condition) {
                        (Some((span, unit)), _) => {
                            let kind = ErrorKind::WrongDimension {
                                measure: wanted.clone(),
                                measure_is: has.describe().into(),
                                unit,
                                unit_is: dimension.describe().into(),
                            };
                            Error::new(kind, span).help(format!("use {}", example_unit(has)))
                        }
                        (None, true) => {
                            let kind = ErrorKind::MissingCondition {
                                measure: wanted.clone(),
                                measure_is: has.describe().into(),
                                example: example_condition(has),
                            };
                            Error::new(kind, phrase.span)
                        }
                        (None, false) => Error::new(ErrorKind::UnknownMeasure(wanted.clone()), phrase.span),
                    };
                    self.error(error);
                    return None;
                }
            },
        };
        let dimension = required.or(chosen.dimension).unwrap_or(Dimension::Number);
        Some(Measure { phrase: wanted, source: chosen.source.clone(), dimension })
    }

    pub(super) fn statistic(&mut self, aggregate: &ast::Aggregate) -> Option<Statistic> {
        Some(match &aggregate.kind {
            ast::AggregateKind::Average | ast::AggregateKind::Mean => Statistic::Average,
            ast::AggregateKind::Median => Statistic::Median,
            ast::AggregateKind::Minimum => Statistic::Minimum,
            ast::AggregateKind::Maximum => Statistic::Maximum,
            ast::AggregateKind::Total => Statistic::Total,
            ast::AggregateKind::Count => Statistic::Count,
            ast::AggregateKind::Nps => Statistic::Nps,
            ast::AggregateKind::Percentile(word) => {
                let rank = self.number(word)?;
                if rank <= Decimal::ZERO || rank > Decimal::from_int(100) {
                    self.error(
                        Error::new(ErrorKind::PercentileOutOfRange(word.text.clone()), word.span)
                            .help("use a rank such as `p90` or `95th percentile`".to_string()),
                    );
                    return None;
                }
                Statistic::Percentile(rank)
            }
        })
    }

    pub(super) fn target(
        &mut self,
        decl: &ast::StandardDecl,
        target: Option<&ast::Target>,
        measure: Option<&Measure>,
        has_condition: bool,
        tail: &ast::Tail,
    ) -> Option<Target> {
        let vague = match target {
            Some(ast::Target::AtLeast(p)) => return self.percent(p).map(Target::AtLeast),
            Some(ast::Target::AtMost(p)) => return self.percent(p).map(Target::AtMost),
            Some(ast::Target::Always(_)) => return Some(Target::Always),
            Some(ast::Target::Never(_)) => return Some(Target::Never),
            Some(ast::Target::Vague(word)) => Some(word),
            None => None,
        };
        let why = match vague {
            Some(v) => format!("`{}` does not say how often", v.text),
            None => "it has no target".to_string(),
        };
        let cut = vague.map_or(tail.start, |v| v.span.start);
        let mut before = self.source[decl.body_span.start..cut].trim_end().to_string();
        if !has_condition {
            if let Some(m) = measure.filter(|m| m.dimension != Dimension::Boolean) {
                before = format!("{before} {}", example_condition(m.dimension));
            }
        }
        let rewrite = rewrite(&before, "95% of the time", &self.source[tail.start..decl.body_span.end]);
        let span = vague.map_or(decl.body_span, |v| v.span);
        self.error(
            Error::new(ErrorKind::NotMeasurable(why), span).help(format!("give a target, for example: `{rewrite}`")),
        );
        None
    }
}
