//! One form field, drawn from its catalog description: text, number, select, boolean,
//! JSON text, lists (add / remove / reorder) and groups, recursively. No API has its own form.

use crate::state::Form;
use cloudreq_core::catalog::{Check, Condition, Field, FieldType};
use cloudreq_core::form::{display_value, parse_input};
use cloudreq_core::path;
use cloudreq_core::validate::{condition_holds, describe_condition, requirements, rule_requirements, Finding};
use leptos::prelude::*;
use serde_json::Value;

/// A DOM id for a field path.
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' });
    }
    id
}

/// The path with array indexes removed, as rules name fields (`A[3].b` → `A.b`).
fn rule_path(path: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for c in path.chars() {
        match c {
            '[' => skipping = true,
            ']' => skipping = false,
            c if !skipping => out.push(c),
            _ => {}
        }
    }
    out
}

/// Conditions under which the field has no effect (from `ignored` rules with a `when`), with
/// the path of the object the condition is read from. Item rules of a list apply per row.
fn ignored_when(form: &Form, path: &str) -> Vec<(String, &'static Condition)> {
    let mut out = Vec::new();
    let plain = rule_path(path);
    for rule in &form.entry.rules {
        // A rule read from description text only warns: it never takes a field off the form.
        if rule.is_mined() {
            continue;
        }
        if let (Some(cond), Check::Ignored { paths }) = (&rule.when, &rule.check) {
            if paths.contains(&plain) {
                out.push((String::new(), cond));
            }
        }
    }
    // Row-level rules: the field is `<list>[i].<member>`.
    if let Some((row, member)) = path.rsplit_once('.') {
        if row.ends_with(']') {
            let list = rule_path(row);
            if let Some(list_field) = find_field(form, &list) {
                let scope = list_field.items.as_deref().unwrap_or(list_field);
                for rule in list_field.rules.iter().chain(scope.rules.iter()).filter(|r| !r.is_mined()) {
                    if let (Some(cond), Check::Ignored { paths }) = (&rule.when, &rule.check) {
                        if paths.iter().any(|p| p == member) {
                            out.push((row.to_string(), cond));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The rules on one text that name this field (at the request's level, or of its list row).
fn text_checks(form: &Form, path: &str) -> Vec<&'static Check> {
    let plain = rule_path(path);
    let names = |check: &Check, wanted: &str| match check {
        Check::Length { path, .. } | Check::Chars { path, .. } => path == wanted,
        _ => false,
    };
    let mut out: Vec<&'static Check> =
        form.entry.rules.iter().filter(|r| r.when.is_none() && names(&r.check, &plain)).map(|r| &r.check).collect();
    if let Some((row, member)) = path.rsplit_once('.') {
        if row.ends_with(']') {
            if let Some(list_field) = find_field(form, &rule_path(row)) {
                let scope = list_field.items.as_deref().unwrap_or(list_field);
                out.extend(
                    list_field
                        .rules
                        .iter()
                        .chain(scope.rules.iter())
                        .filter(|r| r.when.is_none() && names(&r.check, member))
                        .map(|r| &r.check),
                );
            }
        }
    }
    out
}

/// Conditional requirements that name this field (for its label).
fn required_when(form: &Form, path: &str) -> Vec<String> {
    let plain = rule_path(path);
    form.entry
        .rules
        .iter()
        .filter_map(|rule| match (&rule.when, &rule.check) {
            (Some(cond), Check::Required { paths }) if paths.contains(&plain) => Some(describe_condition(cond)),
            _ => None,
        })
        .collect()
}

fn find_field(form: &Form, plain_path: &str) -> Option<&'static Field> {
    let mut list: &'static [Field] = &form.entry.fields;
    let mut found = None;
    for name in plain_path.split('.') {
        let f = list.iter().find(|f| f.name == name)?;
        found = Some(f);
        list = match &f.items {
            Some(items) => &items.fields,
            None => &f.fields,
        };
    }
    found
}

/// Where a finding's rule comes from and the sentence of the documentation it states, when the
/// catalog has them (rules read from descriptions always do), so the user can judge the rule.
#[component]
pub fn RuleSource(finding: Finding) -> impl IntoView {
    let Finding { source, quote, .. } = finding;
    quote.map(|quote| {
        let lang = if quote.chars().any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}')) { "zh" } else { "en" };
        let given = source.clone().unwrap_or_default();
        let origin = source.unwrap_or_else(|| "documentation".into());
        view! {
            <span class="rule-source">
                " — " <span class="origin" data-source=given>{origin}</span> ": "
                <q class="quote" lang=lang>{quote}</q>
            </span>
        }
    })
}

/// Findings at exactly this path.
#[component]
pub fn FieldFindings(form: Form, path: String) -> impl IntoView {
    let id = format!("{}-findings", dom_id(&path));
    let p = path.clone();
    view! {
        <ul class="findings" id=id data-finding-for=path.clone() aria-live="polite">
            {move || {
                form.by_path
                    .with(|m| m.get(&p).cloned().unwrap_or_default())
                    .into_iter()
                    .map(|f| {
                        let class = format!("finding {}", f.severity.as_str());
                        view! { <li class=class data-rule=f.rule.clone()>{f.message.clone()}<RuleSource finding=f.clone()/></li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The label block: wire name, required mark, description, doc link, notes.
#[component]
fn FieldLabel(form: Form, field: &'static Field, path: String, for_id: Option<String>) -> impl IntoView {
    let conditions = required_when(&form, &path);
    let doc = form.entry.doc.clone();
    let lang = field.lang.unwrap_or(form.entry.lang).code();
    let name = view! { <code class="wire">{field.name.clone()}</code> };
    let mark = field.required.then(|| view! { <span class="req" title="required">" *"<span class="sr-only">" (required)"</span></span> });
    let label = match for_id {
        Some(id) => view! { <label class="field-label" for=id>{name}{mark}</label> }.into_any(),
        None => view! { <span class="field-label">{name}{mark}</span> }.into_any(),
    };
    let hint = (!conditions.is_empty()).then(|| view! { <span class="when">{format!("required when {}", conditions.join(" or "))}</span> });
    let note = field.note.clone().map(|n| view! { <details class="note"><summary>"source note"</summary>{n}</details> });
    view! {
        {label}
        <span class="desc" lang=lang>
            {field.description.clone()}
            " "
            <a href=doc target="_blank" rel="noopener noreferrer" class="doc" tabindex="-1">"docs"</a>
        </span>
        {hint}
        {note}
        <crate::secret_note::SecretBadge field/>
    }
}

/// One field at `path`, of any kind.
#[component]
pub fn FieldView(form: Form, field: &'static Field, path: String) -> impl IntoView {
    let hidden_by = ignored_when(&form, &path);
    // Only fields that an `ignored` rule can hide get a memo (re-evaluated per keystroke, but
    // the class is touched only when the answer changes); the rest never subscribe.
    let hidden: Option<Memo<bool>> = (!hidden_by.is_empty()).then(|| {
        let path = path.clone();
        Memo::new(move |_| {
            form.values.with(|v| {
                let set = path::get(v, &path).is_some_and(|x| !x.is_null());
                !set && hidden_by.iter().any(|(scope, cond)| {
                    let scope_value = if scope.is_empty() { Some(v) } else { path::get(v, scope) };
                    scope_value.is_some_and(|s| condition_holds(cond, s))
                })
            })
        })
    });
    let hidden = move || hidden.is_some_and(|m| m.get());
    let body = match field.ty {
        FieldType::Object => view! { <ObjectField form field path=path.clone()/> }.into_any(),
        FieldType::Array => view! { <ArrayField form field path=path.clone()/> }.into_any(),
        _ => view! { <ScalarField form field path=path.clone()/> }.into_any(),
    };
    let p = path.clone();
    let highlighted = move || form.highlight.with(|h| h.as_deref() == Some(p.as_str()));
    view! { <div class="field" data-field=path.clone() class:hidden=hidden class:highlight=highlighted>{body}</div> }
}

#[component]
fn ObjectField(form: Form, field: &'static Field, path: String) -> impl IntoView {
    let members = field.fields.iter().map(|m| view! { <FieldView form field=m path=path::join(&path, &m.name)/> }).collect_view();
    let class = if field.advanced { "group advanced" } else { "group" };
    view! {
        <fieldset class=class data-path=path.clone()>
            <legend><FieldLabel form field path=path.clone() for_id=None/></legend>
            <FieldFindings form path=path.clone()/>
            {members}
        </fieldset>
    }
}

fn empty_item(field: &Field) -> Value {
    match field.items.as_deref().map(|i| i.ty) {
        Some(FieldType::Object) => Value::Object(Default::default()),
        _ => Value::String(String::new()),
    }
}

/// Rows of a list drawn at once; longer lists are shown a page at a time, so a form with a
/// thousand rows lays out and redraws as fast as a short one.
pub const ROWS_PER_PAGE: usize = 50;

thread_local! {
    /// The page each long list shows, by operation and list path: kept across redraws of the
    /// form (an added row, an import), which create the list anew.
    /// (A few entries: a list, smaller in the bundle than a map.)
    static LIST_PAGES: std::cell::RefCell<Vec<(String, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn stored_page(key: &str) -> usize {
    LIST_PAGES.with(|pages| pages.borrow().iter().find(|(k, _)| k == key).map_or(0, |(_, p)| *p))
}

fn store_page(key: &str, page: usize) {
    LIST_PAGES.with(|pages| {
        let mut pages = pages.borrow_mut();
        match pages.iter_mut().find(|(k, _)| k == key) {
            Some((_, p)) => *p = page,
            None => pages.push((key.to_string(), page)),
        }
    });
}

/// The row index a path names inside the list at `list_path` (`A[12].b` → 12).
fn row_in(list_path: &str, path: &str) -> Option<usize> {
    path.strip_prefix(list_path)?.strip_prefix('[')?.split(']').next()?.parse().ok()
}

#[component]
fn ArrayField(form: Form, field: &'static Field, path: String) -> impl IntoView {
    let item_field: &'static Field = field.items.as_deref().unwrap_or(field);
    let count = form.values.with_untracked(|v| path::get(v, &path).and_then(Value::as_array).map_or(0, Vec::len));
    let pages = count.div_ceil(ROWS_PER_PAGE).max(1);
    let page_key = format!("{}:{path}", form.entry.id);
    let page = stored_page(&page_key).min(pages - 1);
    // Turning the page redraws the form from the values, like an added row: the drawn rows
    // are plain views, which a redraw updates in place (so focus stays where it was).
    let turn_to = {
        let page_key = page_key.clone();
        move |p: usize| {
            if p != stored_page(&page_key) {
                store_page(&page_key, p);
                form.version.update(|n| *n += 1);
            }
        }
    };
    if count > ROWS_PER_PAGE {
        // A finding link or a cloud error naming a row on another page turns to that page.
        let path = path.clone();
        let turn_to = turn_to.clone();
        Effect::new(move |_| {
            if let Some(row) = form.highlight.with(|h| h.as_deref().and_then(|h| row_in(&path, h))) {
                if row < count && row / ROWS_PER_PAGE != page {
                    turn_to(row / ROWS_PER_PAGE);
                }
            }
        });
    }
    let edit = {
        let path = path.clone();
        move |f: &dyn Fn(&mut Vec<Value>)| {
            form.values.update(|v: &mut Value| {
                let mut items: Vec<Value> = path::get(&*v, &path).and_then(Value::as_array).cloned().unwrap_or_default();
                f(&mut items);
                path::set(v, &path, if items.is_empty() { None } else { Some(Value::Array(items)) });
            });
            form.version.update(|n| *n += 1);
        }
    };
    let row = {
        let path = path.clone();
        let edit = edit.clone();
        move |i: usize| {
            let row_path = path::index(&path, i);
            let (e1, e2, e3) = (edit.clone(), edit.clone(), edit.clone());
            let content = if item_field.ty == FieldType::Object {
                let members = item_field
                    .fields
                    .iter()
                    .map(|m| view! { <FieldView form field=m path=path::join(&row_path, &m.name)/> })
                    .collect_view();
                view! { <FieldFindings form path=row_path.clone()/>{members} }.into_any()
            } else {
                view! { <ScalarField form field=item_field path=row_path.clone()/> }.into_any()
            };
            let label = format!("{} item {}", field.name, i + 1);
            view! {
                <li class="row" data-row=row_path.clone()>
                    <div class="row-head">
                        <span class="row-no">{format!("#{}", i + 1)}</span>
                        <button type="button" class="small" aria-label=format!("Move {label} up") disabled=i == 0
                            on:click=move |_| e1(&|items: &mut Vec<Value>| if i > 0 { items.swap(i, i - 1) })>"↑"</button>
                        <button type="button" class="small" aria-label=format!("Move {label} down") disabled=i + 1 == count
                            on:click=move |_| e2(&|items: &mut Vec<Value>| if i + 1 < items.len() { items.swap(i, i + 1) })>"↓"</button>
                        <button type="button" class="small danger" aria-label=format!("Remove {label}")
                            on:click=move |_| e3(&|items: &mut Vec<Value>| if i < items.len() { items.remove(i); })>"Remove"</button>
                    </div>
                    {content}
                </li>
            }
        }
    };
    let first = page * ROWS_PER_PAGE;
    let rows = (first..(first + ROWS_PER_PAGE).min(count)).map(row).collect_view();
    let pager = (count > ROWS_PER_PAGE).then(|| {
        let range = move |p: usize| format!("{}–{}", p * ROWS_PER_PAGE + 1, ((p + 1) * ROWS_PER_PAGE).min(count));
        let options = (0..pages)
            .map(|p| view! { <option value=p.to_string() selected=p == page prop:selected=p == page>{range(p)}</option> })
            .collect_view();
        let select_id = format!("{}-page", dom_id(&path));
        let (previous, next, chosen) = (turn_to.clone(), turn_to.clone(), turn_to.clone());
        view! {
            <div class="pager" role="group" aria-label=format!("Pages of {}", field.name) data-pager=path.clone()>
                <button type="button" class="small" disabled=page == 0
                    on:click=move |_| previous(page.saturating_sub(1))>"‹ Previous"</button>
                <span class="pager-status" aria-live="polite">{format!("Rows {} of {count}", range(page))}</span>
                <button type="button" class="small" disabled=page + 1 == pages
                    on:click=move |_| next((page + 1).min(pages - 1))>"Next ›"</button>
                <label for=select_id.clone()>"Show rows"</label>
                <select id=select_id on:change=move |ev| {
                    if let Ok(p) = event_target_value(&ev).parse::<usize>() {
                        chosen(p.min(pages - 1));
                    }
                }>{options}</select>
            </div>
        }
    });
    let add = {
        let edit = edit.clone();
        move |_| {
            // The new row is the last: show the page it lands on.
            store_page(&page_key, count / ROWS_PER_PAGE);
            edit(&|items: &mut Vec<Value>| items.push(empty_item(field)))
        }
    };
    let limit = field.max_items.map(|m| format!(" (at most {m})")).unwrap_or_default();
    let class = if field.advanced { "group list advanced" } else { "group list" };
    view! {
        <fieldset class=class data-path=path.clone() data-rows=count.to_string()>
            <legend><FieldLabel form field path=path.clone() for_id=None/></legend>
            <FieldFindings form path=path.clone()/>
            {pager}
            <ol class="rows" start=(first + 1).to_string()>{rows}</ol>
            <button type="button" class="add" data-add=path.clone() on:click=add>
                {format!("Add {} item{limit}", field.name)}
            </button>
        </fieldset>
    }
}

#[component]
fn ScalarField(form: Form, field: &'static Field, path: String) -> impl IntoView {
    let id = dom_id(&path);
    let described_by = format!("{id}-findings");
    let initial = form.values.with_untracked(|v| path::get(v, &path).map(display_value).unwrap_or_default());
    let on_change = {
        let path = path.clone();
        move |text: String| form.set(&path, parse_input(field, &text))
    };
    let control = match field.ty {
        FieldType::Enum | FieldType::Boolean | FieldType::StringBool => {
            let options: Vec<(String, String)> = match field.ty {
                FieldType::Enum => field
                    .values
                    .iter()
                    .map(|ev| {
                        let v = display_value(&ev.value);
                        let text = if ev.label.is_empty() { v.clone() } else { format!("{v} — {}", ev.label) };
                        (v, text)
                    })
                    .collect(),
                _ => vec![("true".into(), "true".into()), ("false".into(), "false".into())],
            };
            let unknown = (!initial.is_empty() && !options.iter().any(|(v, _)| *v == initial)).then(|| initial.clone());
            let options = options
                .into_iter()
                .chain(unknown.map(|u| (u.clone(), format!("{u} (not allowed)"))))
                .map(|(v, text)| {
                    let selected = v == initial;
                    // The property too: when the form is redrawn in place (example, import,
                    // rows), an option the user picked before ignores a changed attribute.
                    view! { <option value=v selected=selected prop:selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <select id=id.clone() data-path=path.clone() aria-describedby=described_by.clone()
                    on:change=move |ev| on_change(event_target_value(&ev))>
                    <option value="" selected=initial.is_empty() prop:selected=initial.is_empty()>"— not set —"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FieldType::JsonString => view! {
            <textarea id=id.clone() data-path=path.clone() rows="3" spellcheck="false" aria-describedby=described_by.clone()
                prop:value=initial.clone() on:input=move |ev| on_change(event_target_value(&ev))></textarea>
        }
        .into_any(),
        _ if field.secret || field.name.to_ascii_lowercase().contains("password") => {
            view! { <PasswordInput form field path=path.clone() id=id.clone() initial=initial.clone()/> }.into_any()
        }
        _ => {
            let numeric = matches!(field.ty, FieldType::Integer | FieldType::Number);
            let mode = if numeric { "numeric" } else { "text" };
            let placeholder = field.example.as_ref().map(|e| format!("e.g. {}", display_value(e))).unwrap_or_default();
            view! {
                <input type="text" id=id.clone() data-path=path.clone() inputmode=mode autocomplete="off" spellcheck="false"
                    placeholder=placeholder aria-describedby=described_by.clone()
                    prop:value=initial.clone() on:input=move |ev| on_change(event_target_value(&ev))/>
            }
            .into_any()
        }
    };
    view! {
        <div class="scalar">
            <FieldLabel form field path=path.clone() for_id=Some(id.clone())/>
            {control}
            <FieldFindings form path=path.clone()/>
        </div>
    }
}

/// A password input with show/hide and a live checklist of its rules.
#[component]
fn PasswordInput(form: Form, field: &'static Field, path: String, id: String, initial: String) -> impl IntoView {
    let text = RwSignal::new(initial.clone());
    let shown = RwSignal::new(false);
    let checklist_id = format!("{id}-checklist");
    let described = format!("{id}-findings {checklist_id}");
    let p = path.clone();
    let checks = text_checks(&form, &path);
    view! {
        <div class="password">
            <input id=id.clone() data-path=path.clone() autocomplete="new-password" spellcheck="false"
                type=move || if shown.get() { "text" } else { "password" }
                aria-describedby=described prop:value=initial
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    text.set(v.clone());
                    form.set(&p, parse_input(field, &v));
                }/>
            <button type="button" class="small" aria-pressed=move || shown.get().to_string()
                aria-controls=id.clone() on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { "Hide" } else { "Show" }}
            </button>
        </div>
        <ul class="checklist" id=checklist_id aria-label="Password requirements">
            {move || {
                let empty = text.with(String::is_empty);
                let value = text.get();
                let mut listed = requirements(field, &value);
                for check in &checks {
                    listed.extend(rule_requirements(check, &value));
                }
                listed
                    .into_iter()
                    .map(|r| {
                        // Nothing typed yet: list the requirements without marking them failed.
                        let class = if empty { "pending" } else if r.met { "met" } else { "unmet" };
                        let mark = if empty { "• " } else if r.met { "✓ " } else { "✗ " };
                        view! { <li class=class data-met=r.met.to_string()><span aria-hidden="true">{mark}</span>{r.label}</li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
