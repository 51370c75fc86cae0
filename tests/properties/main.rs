//! Property tests: random valid models and messy leads keep the scoring invariants (determinism, exact sums, caps, decay, stages, grades, hashing, and compile never panicking).

use leadgate::outcome::Group;
use leadgate::{compile, compile_value, CompiledModel, Grade, Outcome, Points, ScoreOptions};
use leadgate::{Timestamp, Value};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value as Json};
use std::fmt::Write;

mod gen_lead;
mod gen_model;
mod helpers;
mod robustness;
mod vocab;

use gen_lead::*;
use gen_model::*;
use helpers::*;
use vocab::*;

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// Same model, lead and now: byte-identical outcomes, whether the model is compiled
    /// once or twice (from text or from a value) and the lead re-parsed from its own JSON.
    #[test]
    fn scoring_is_deterministic(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let text = serde_json::to_string(&model).unwrap();
        let m1 = compile(&text).unwrap();
        let m2 = compile(&text).unwrap();
        let m3 = compiled(&model);
        let options = ScoreOptions { now, previous_stage: previous, lone_surrogates: false };
        let lead_text = lead.text();
        let v = parse(&lead_text);
        let first = score(&m1, &v, &options).to_json();
        prop_assert_eq!(&first, &score(&m1, &v, &options).to_json());
        prop_assert_eq!(&first, &score(&m2, &v, &options).to_json());
        prop_assert_eq!(&first, &score(&m3, &v, &options).to_json());
        let reparsed_text = serde_json::to_string(&v).unwrap();
        let reparsed = parse(&reparsed_text);
        prop_assert_eq!(&first, &score(&m1, &reparsed, &options).to_json());
    }

    /// `score = fit + engagement` exactly, and the reasons' points add up to the score
    /// (fit reasons to `fit`, engagement reasons to `engagement`).
    #[test]
    fn points_add_up(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous, lone_surrogates: false });
        check_sums(&o);
        let engagement: i64 = o.reasons.iter().filter(|r| r.group == Group::Engagement).map(|r| r.points.0).sum();
        prop_assert_eq!(Points(engagement), o.engagement);
    }

    /// Per-event rules never earn more than their `max` (in absolute value), and
    /// engagement never exceeds the group `max`.
    #[test]
    fn caps_hold(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        let rules = rules_by_id(&model);
        for reason in o.reasons.iter().filter(|r| r.group != Group::Disqualify) {
            let Some((_, per_event, max)) = rules.iter().find(|(id, ..)| id == reason.rule) else {
                prop_assert_eq!(reason.rule, "engagement.max");
                continue;
            };
            if let (true, Some(max)) = (per_event, max) {
                prop_assert!(reason.points.0.abs() <= max.0, "{} earned {} over max {}", reason.rule, reason.points, max);
            }
        }
        if let Some(max) = model.pointer("/engagement/max") {
            prop_assert!(o.engagement <= pts(max), "engagement {} over the group max {}", o.engagement, max);
        }
    }

    /// With only positive per-event rules and a half-life, engagement never grows as
    /// `now` moves later (every event is in the past of both moments).
    #[test]
    fn decay_never_increases_engagement(
        model in decaying_model(),
        lead in lead_with_events(
            proptest::collection::vec(event(event_at(-500 * DAY_MS, -31 * DAY_MS), true), 0..10)
                .prop_map(Json::Array)
                .boxed(),
        ),
        now in now(),
        later_by in prop_oneof![0i64..DAY_MS, 0i64..400 * DAY_MS],
    ) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let early = score(&m, &v, &ScoreOptions::at(now));
        let late = score(&m, &v, &ScoreOptions::at(Timestamp(now.0 + later_by)));
        prop_assert!(late.engagement <= early.engagement,
            "engagement rose from {} to {} when now moved {} ms later", early.engagement, late.engagement, later_by);
        prop_assert!(late.engagement >= Points::ZERO);
    }

    /// A lead placed in a stage (not kept there by never-demote) has every field that
    /// stage `requires`.
    #[test]
    fn stage_requires_are_present(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous.clone(), lone_surrogates: false });
        let kept_from = match &previous {
            Some(p) => Some(p.trim().to_string()).filter(|p| !p.is_empty()),
            None => lead.previous_stage(),
        };
        // A previous stage at or above the outcome's may have put it there (kept, or
        // lowered to a disqualifier's cap): only a computed stage must meet `requires`.
        let from_previous = kept_from
            .and_then(|p| m.stage_rank(&p))
            .is_some_and(|p| p <= m.stage_rank(o.stage).unwrap());
        if o.stage != FALLBACK && !from_previous {
            let stage = model["stages"].as_array().unwrap().iter().find(|s| s["stage"] == o.stage).unwrap();
            for field in stage.get("requires").and_then(Json::as_array).into_iter().flatten() {
                let field = field.as_str().unwrap();
                prop_assert!(lead.present(field), "stage {} requires {field}, absent in {}", o.stage, text);
            }
        }
    }

    /// Never demote: with `previous_stage` = S the stage ranks at S or higher, unless a
    /// fired disqualifier caps it lower: exactly `min(computed, max(S, cap))`, and an
    /// unknown S is ignored with a warning. The stage never ranks above the cap.
    #[test]
    fn never_demotes(model in model(), lead in lead(), now in now(),
                     previous in select(&["SQL", "MQL", "SAL", "lead", " MQL ", "Unknown", "sql"][..])) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        // `lead` ranks last, so it never lifts a stage: this is the computed stage.
        let computed = score(&m, &v, &ScoreOptions { now, previous_stage: Some(FALLBACK.into()), lone_surrogates: false });
        let computed_rank = m.stage_rank(computed.stage).unwrap();
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: Some(previous.to_string()), lone_surrogates: false });
        let rank = m.stage_rank(o.stage).unwrap();
        let cap = disqualified_cap(&model, &m, &o);
        prop_assert_eq!(cap, disqualified_cap(&model, &m, &computed));
        prop_assert!(rank >= cap && computed_rank >= cap, "above a disqualifier's cap: {}", o.stage);
        match m.stage_rank(previous.trim()) {
            Some(prev) => {
                prop_assert!(rank <= prev.max(cap), "demoted below {previous}: {}", o.stage);
                prop_assert_eq!(rank, computed_rank.min(prev.max(cap)));
            }
            None => {
                prop_assert_eq!(rank, computed_rank);
                let warning = format!("previous_stage: unknown stage \"{}\"", previous.trim());
                prop_assert!(o.warnings.contains(&warning), "no warning for {previous:?}: {:?}", o.warnings);
            }
        }
    }

    /// The grade is what the thresholds give for the outcome's fit.
    #[test]
    fn grade_matches_thresholds(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        prop_assert_eq!(o.grade, expected_grade(&model, o.fit), "fit {}", o.fit);
    }

    /// Object leads always score; anything else is refused with `not_an_object`.
    #[test]
    fn only_objects_are_scored(model in model(), lead in lead(), other in lead_value(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        prop_assert!(m.score(&v, &ScoreOptions::at(now)).is_ok());
        let other_text = serde_json::to_string(&other).unwrap();
        let other_value = parse(&other_text);
        match (&other_value, m.score(&other_value, &ScoreOptions::at(now))) {
            (Value::Object(_), result) => prop_assert!(result.is_ok()),
            (_, Ok(_)) => prop_assert!(false, "{other_text} was scored"),
            (_, Err(e)) => prop_assert_eq!(e.code, "not_an_object"),
        }
    }

    /// The route is the first that holds (a default always does) and `respond_by` is
    /// `now` plus the SLA of the outcome's stage.
    #[test]
    fn route_deadline_follows_the_sla(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        match (model.get("routing"), &o.route) {
            (None, route) => prop_assert!(route.is_none()),
            (Some(_), None) => prop_assert!(false, "no route although there is a default"),
            (Some(_), Some(route)) => {
                let within = model
                    .pointer(&format!("/sla/{}/respond_within", o.stage))
                    .and_then(Json::as_str)
                    .map(|d| DURATIONS.iter().find(|(t, _)| *t == d).unwrap().1);
                prop_assert_eq!(route.respond_by, within.map(|ms| Timestamp(now.0 + ms)));
            }
        }
    }

    /// The best persona wins (the earlier one on a tie, none at 0 or less), and
    /// `fit = best persona total + fit_rules`: checked against one-persona models.
    #[test]
    fn best_persona_wins(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let options = ScoreOptions::at(now);
        let o = score(&m, &v, &options);
        let alone = |part: (&str, Json)| {
            let mut doc = json!({ "id": "part", "version": "1", "lists": lists() });
            doc[part.0] = part.1;
            let part_model = compiled(&doc);
            let o = score(&part_model, &v, &options);
            (o.fit, o.persona.map(str::to_string))
        };
        let mut best: Option<(String, Points)> = None;
        for persona in model["personas"].as_array().unwrap() {
            let (total, matched) = alone(("personas", json!([persona])));
            let id = persona["id"].as_str().unwrap().to_string();
            prop_assert_eq!(matched.is_some(), total > Points::ZERO);
            if total > Points::ZERO && best.as_ref().is_none_or(|(_, b)| total > *b) {
                best = Some((id, total));
            }
        }
        let (shared, _) = alone(("fit_rules", model["fit_rules"].clone()));
        prop_assert_eq!(o.persona, best.as_ref().map(|(id, _)| id.as_str()));
        let persona_points = best.map_or(Points::ZERO, |(_, p)| p);
        prop_assert_eq!(o.fit, persona_points.plus(shared));
    }

    /// Each rule fires (with the same points) in the full model exactly as it does alone,
    /// and raises no warning there that the full model lacks: the per-lead caches and
    /// shared evaluation of identical leaves change nothing.
    #[test]
    fn each_rule_fires_as_it_would_alone(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let options = ScoreOptions::at(now);
        let full = score(&m, &v, &options);
        let mut rules: Vec<(&Json, bool, Option<&str>)> = Vec::new();
        for persona in model["personas"].as_array().unwrap() {
            for r in persona["rules"].as_array().unwrap() {
                rules.push((r, false, persona["id"].as_str()));
            }
        }
        for r in model["fit_rules"].as_array().unwrap() {
            rules.push((r, false, None));
        }
        for r in model.pointer("/engagement/rules").and_then(Json::as_array).into_iter().flatten() {
            rules.push((r, true, None));
        }
        for (rule, engagement, persona) in rules {
            let mut doc = json!({ "id": "alone", "version": "1", "lists": lists() });
            if engagement {
                doc["engagement"] = json!({ "rules": [rule] });
                if let Some(h) = model.pointer("/engagement/half_life_days") {
                    doc["engagement"]["half_life_days"] = h.clone();
                }
            } else {
                doc["fit_rules"] = json!([rule]);
            }
            let alone_model = compiled(&doc);
            let alone = score(&alone_model, &v, &options);
            // (The one-rule model has no stages, so it calls every previous stage unknown.)
            for w in alone.warnings.iter().filter(|w| !w.starts_with("previous_stage:")) {
                prop_assert!(full.warnings.contains(w), "warning {w:?} of {} missing", rule["id"]);
            }
            // A losing persona's rules are evaluated but not reported.
            if persona.is_some() && persona != full.persona {
                continue;
            }
            let id = rule["id"].as_str().unwrap();
            let in_full = full.reasons.iter().find(|r| r.rule == id).map(|r| (r.points, r.value));
            let by_itself = alone.reasons.first().map(|r| (r.points, r.value));
            prop_assert_eq!(in_full, by_itself, "rule {}", id);
        }
    }

    /// Every reason names a rule of the model in its own group, in document order
    /// (winning persona, fit_rules, engagement, `engagement.max`, then disqualifiers
    /// with 0 points); warnings are distinct.
    #[test]
    fn reasons_follow_the_model(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        // Rule ids in document order, with their group and persona.
        let mut order: Vec<(String, Group, Option<String>, String)> = Vec::new();
        let label = |r: &Json| r.get("label").unwrap_or(&r["id"]).as_str().unwrap().to_string();
        for persona in model["personas"].as_array().unwrap() {
            for r in persona["rules"].as_array().unwrap() {
                let pid = persona["id"].as_str().map(str::to_string);
                order.push((r["id"].as_str().unwrap().into(), Group::Fit, pid, label(r)));
            }
        }
        for r in model["fit_rules"].as_array().unwrap() {
            order.push((r["id"].as_str().unwrap().into(), Group::Fit, None, label(r)));
        }
        for r in model.pointer("/engagement/rules").and_then(Json::as_array).into_iter().flatten() {
            order.push((r["id"].as_str().unwrap().into(), Group::Engagement, None, label(r)));
        }
        order.push(("engagement.max".into(), Group::Engagement, None, "Engagement cap".into()));
        for r in model.get("disqualify").and_then(Json::as_array).into_iter().flatten() {
            order.push((r["id"].as_str().unwrap().into(), Group::Disqualify, None, label(r)));
        }
        let mut last = None;
        for reason in &o.reasons {
            if reason.rule == "engagement.max" {
                prop_assert!(reason.points < Points::ZERO);
            }
            if reason.group == Group::Disqualify {
                prop_assert_eq!(reason.points, Points::ZERO);
            }
            let at = order.iter().position(|(id, ..)| id == reason.rule);
            prop_assert!(at.is_some(), "unknown rule {}", reason.rule);
            let at = at.unwrap();
            let (_, group, persona, label) = &order[at];
            prop_assert_eq!(reason.group, *group);
            prop_assert_eq!(reason.label, label.as_str());
            if let Some(p) = persona {
                prop_assert_eq!(o.persona, Some(p.as_str()), "a reason of a losing persona");
            }
            prop_assert!(last.is_none_or(|l| at > l), "reasons out of order");
            last = Some(at);
        }
        for (i, w) in o.warnings.iter().enumerate() {
            prop_assert!(!o.warnings[..i].contains(w), "repeated warning {w}");
        }
    }

    /// `next` names the stage just above the lead's, and says something whenever there is
    /// one: a missing field, or a failing leaf of its condition.
    #[test]
    fn next_explains_the_stage_above(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous, lone_surrogates: false });
        let rank = m.stage_rank(o.stage).unwrap();
        let above = rank.checked_sub(1).and_then(|r| m.stage_names().nth(r));
        for need in &o.next {
            prop_assert_eq!(Some(need.stage), above);
            prop_assert!(!need.needs.is_empty());
        }
        // First, the first fired disqualifier whose cap keeps the lead below it.
        let blocking: Vec<String> = o
            .reasons
            .iter()
            .filter(|r| r.group == Group::Disqualify && above.is_some() && cap_of(&model, &m, r.rule) >= rank)
            .map(|r| format!("not disqualify {}", r.rule))
            .take(1)
            .collect();
        let named: Vec<String> = o.next.iter().take(blocking.len()).map(|n| n.needs.to_string()).collect();
        prop_assert_eq!(&named, &blocking);
        prop_assert!(o.next.iter().skip(blocking.len()).all(|n| !n.needs.starts_with("not disqualify ")));
        if let Some(above) = above {
            prop_assert!(!o.next.is_empty(), "nothing said about {above}");
        }
    }

    /// The order of a lead's keys, and keys no rule reads, change nothing.
    #[test]
    fn lead_key_order_is_irrelevant(model in model(), lead in lead(), now in now(), seed in any::<u64>()) {
        let m = compiled(&model);
        let options = ScoreOptions::at(now);
        let text = lead.text();
        let v = parse(&text);
        let expected = score(&m, &v, &options).to_json();
        // Keep the last of duplicate keys (what scoring reads), then shuffle and pad.
        let mut pairs: Vec<(String, Json)> = Vec::new();
        for (k, val) in lead.pairs.iter().rev() {
            if !pairs.iter().any(|(seen, _)| seen == k) {
                pairs.push((k.clone(), val.clone()));
            }
        }
        let mut s = seed;
        for i in (1..pairs.len()).rev() {
            let j = pseudo_random(&mut s, i + 1);
            pairs.swap(i, j);
        }
        pairs.insert(pseudo_random(&mut s, pairs.len() + 1), ("zz_unused".into(), json!({ "email": "x@y.z" })));
        let shuffled = Lead { pairs }.text();
        let w = parse(&shuffled);
        prop_assert_eq!(expected, score(&m, &w, &options).to_json());
    }

    /// `words_any` in a model agrees with the spec, written out independently here: both
    /// sides folded and split into runs of letters and digits, a keyword's words found as
    /// consecutive value words, each word matching itself, `+s/es/a/as`, `o → a/as/os`,
    /// or any word it starts when it ends in `*`.
    #[test]
    fn words_any_matches_the_spec(
        tokens in proptest::collection::vec((select(WORD_TOKENS), select(&[" ", "-", ", ", "/", "🚀", "  ", "."][..])), 0..7),
        keywords in proptest::collection::vec(select(WORD_KEYWORDS), 1..4),
    ) {
        let value: String = tokens.iter().flat_map(|(t, sep)| [*t, *sep]).collect();
        let model = compiled(&json!({ "id": "w", "version": "1", "fit_rules": [
            { "id": "kw", "points": 1, "if": { "field": "job_title", "words_any": keywords } }
        ] }));
        let lead_text = serde_json::to_string(&json!({ "job_title": value })).unwrap();
        let lead = parse(&lead_text);
        let fired = score(&model, &lead, &ScoreOptions::at(Timestamp(BASE_NOW))).fit == Points(100);
        prop_assert_eq!(fired, spec_words_any(&value, &keywords), "{:?} words_any {:?}", value, keywords);
    }

    /// A per-event rule earns, for each matching event, its points times
    /// `0.5^(age/half_life)` (future events: age 0) rounded to hundredths; nothing below
    /// `count_at_least`; events older than `within_days` do not match; `max` caps the total.
    /// Recomputed here from the spec (within one hundredth per event, for `exp2` rounding).
    #[test]
    fn per_event_points_follow_the_spec(
        points in (-5000i64..10_000),
        max in proptest::option::weighted(0.3, 0i64..5000),
        half_life in proptest::option::weighted(0.7, half_life()),
        name in prop_oneof![3 => select(EVENT_NAMES), 1 => Just("*")],
        count_at_least in proptest::option::weighted(0.3, 1u32..4),
        within in proptest::option::weighted(0.3, (1u32..200).prop_map(f64::from)),
        events in proptest::collection::vec(event(event_at(-400 * DAY_MS, 30 * DAY_MS), false), 0..12),
        now in now(),
    ) {
        let mut leaf = json!({ "event": name });
        if let Some(n) = count_at_least {
            leaf["count_at_least"] = json!(n);
        }
        if let Some(d) = within {
            leaf["within_days"] = json!(d);
        }
        let mut rule = json!({ "id": "e", "points": points as f64 / 100.0, "if": leaf });
        if let Some(m) = max {
            rule["max"] = json!(m as f64 / 100.0);
        }
        let mut engagement = json!({ "rules": [rule] });
        if let Some(h) = half_life {
            engagement["half_life_days"] = json!(h);
        }
        let m = compiled(&json!({ "id": "e", "version": "1", "engagement": engagement }));
        let lead_text = serde_json::to_string(&json!({ "events": events })).unwrap();
        let lead = parse(&lead_text);
        let o = score(&m, &lead, &ScoreOptions::at(now));

        // The spec, step by step.
        let mut ages = Vec::new();
        for e in &events {
            let (Some(n), Some(at)) = (e.get("event").and_then(Json::as_str), e.get("at").and_then(Json::as_str)) else {
                continue;
            };
            let Some(at) = Timestamp::parse(at) else { continue };
            let age = ((now.0 - at.0) as f64 / DAY_MS as f64).max(0.0);
            if (name == "*" || name == n) && within.is_none_or(|d| age <= d) {
                ages.push(age);
            }
        }
        let count = ages.len() as u32;
        if count < count_at_least.unwrap_or(1) {
            prop_assert!(o.reasons.is_empty(), "fired with {count} events: {}", o.to_json());
            prop_assert_eq!(o.engagement, Points::ZERO);
            return Ok(());
        }
        let sum: i64 = ages
            .iter()
            .map(|age| {
                let factor = half_life.map_or(1.0, |h| 0.5f64.powf(age / h));
                (points as f64 * factor).round() as i64
            })
            .sum();
        let expected = max.map_or(sum, |m| sum.clamp(-m, m));
        prop_assert_eq!(o.reasons.len(), 1);
        let reason = &o.reasons[0];
        prop_assert_eq!(reason.field, Some("events"));
        prop_assert_eq!(serde_json::to_string(&reason.value).unwrap(), count.to_string());
        prop_assert!((reason.points.0 - expected).abs() <= i64::from(count),
            "earned {} for {count} events, the spec gives {}", reason.points, Points(expected));
        prop_assert_eq!(o.engagement, reason.points);
    }

    /// The hash ignores key order, blanks and `20` vs `20.0`, and changes when a rule's points do.
    #[test]
    fn hash_is_canonical(model in model(), seed in any::<u64>()) {
        let compact = serde_json::to_string(&model).unwrap();
        let pretty = serde_json::to_string_pretty(&model).unwrap();
        let mut scrambled = String::new();
        let mut s1 = seed;
        scrambled_text(&model, &mut s1, false, &mut scrambled);
        let hash = compile(&compact).unwrap().info().hash.clone();
        prop_assert_eq!(hash.len(), 16);
        let pretty_hash = compile(&pretty).unwrap().info().hash.clone();
        prop_assert_eq!(&hash, &pretty_hash);
        let scrambled_hash = compile(&scrambled).unwrap().info().hash.clone();
        prop_assert_eq!(&hash, &scrambled_hash, "{}", scrambled);
        // `20.0` for `20`: the same canonical JSON, so the same hash.
        let mut floats = String::new();
        let mut s2 = seed;
        scrambled_text(&model, &mut s2, true, &mut floats);
        let reparsed: Json = serde_json::from_str(&floats).unwrap();
        prop_assert_eq!(&hash, &leadgate::model::model_hash(&reparsed), "{}", floats);
        let mut changed = model.clone();
        if let Some(points) = first_rule_points(&mut changed) {
            *points = json!(points.as_f64().unwrap() + 1.0);
            let other = compile_value(&changed).unwrap().info().hash.clone();
            prop_assert_ne!(hash, other);
        }
    }
}
