//! `postcheck pack new`: writes a pack to fill in, for a communications team.
//!
//! The pack layers on the built-in baseline (personal data, secrets, internal
//! markers, netiquette and platform rules come from there): it has one
//! guideline per category, a contact, three rules of its own with message
//! skeletons in every language chosen (code names, a customer near a deal
//! word, a product mentioned without a disclosure) and their examples, and
//! an override that leaves the contact's own address alone in the
//! baseline's e-mail rule. Every text to fill in starts with `TO DO` (or its
//! translation) and every placeholder name is `Example…`, so that they are
//! easy to find; the pack passes `postcheck pack lint` as it is written.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::Failure;
use crate::terminal::{Output, escape};

/// The languages postcheck writes skeletons in.
pub const LANGUAGES: [&str; 4] = ["de", "en", "fr", "it"];

/// What `pack new` was given on the command line.
#[derive(Debug, Default, Clone)]
pub struct NewArgs {
    /// The company's name.
    pub company: Option<String>,
    /// The pack's id.
    pub id: Option<String>,
    /// Languages, separated by commas.
    pub languages: Option<String>,
    /// Name of the contact (team).
    pub contact_name: Option<String>,
    /// E-mail address of the contact.
    pub contact_email: Option<String>,
    /// The file to write; standard output when absent and not asked.
    pub out: Option<PathBuf>,
    /// Ask for what is missing on standard input even when it is not a
    /// terminal (answers piped in by a script or a test).
    pub ask: bool,
}

/// The answers, complete.
#[derive(Debug, Clone)]
pub struct Answers {
    /// The company's name.
    pub company: String,
    /// The pack's id.
    pub id: String,
    /// The languages, the first being the default.
    pub languages: Vec<&'static str>,
    /// Name of the contact.
    pub contact_name: String,
    /// E-mail address of the contact.
    pub contact_email: String,
}

/// `pack new`: asks what is missing when standard input is a terminal (or
/// with `--ask`), else takes defaults; writes the pack.
pub fn run(args: &NewArgs) -> Result<ExitCode, Failure> {
    let all_given = args.company.is_some()
        && args.id.is_some()
        && args.languages.is_some()
        && args.contact_name.is_some()
        && args.contact_email.is_some()
        && args.out.is_some();
    let interactive = !all_given && (args.ask || std::io::stdin().is_terminal());
    let mut args = args.clone();
    if interactive {
        ask_missing(&mut args)?;
    }
    let answers = answers(&args)?;
    let pack = pack_json(&answers, &crate::input::today().to_string());
    let mut text = serde_json::to_string_pretty(&pack).map_err(|e| e.to_string())?;
    text.push('\n');
    match &args.out {
        Some(file) => {
            write_new_file(file, &text)?;
            let shown = escape(&file.display().to_string()).into_owned();
            let mut out = Output::stdout();
            out.line(&format!(
                "wrote {shown}: fill in every text marked TO DO (ZU TUN, À FAIRE, DA FARE) and the Example… names, then run `postcheck pack lint {shown}` and `postcheck pack audit {shown}`"
            ))?;
            out.finish()?;
        }
        None => {
            let mut out = Output::stdout();
            out.json(&text)?;
            out.finish()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to a new file; an existing file is not overwritten.
fn write_new_file(file: &Path, text: &str) -> Result<(), String> {
    let shown = escape(&file.display().to_string()).into_owned();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!("{shown} exists already\n  fix: give another file with --out, or move it away first")
            } else {
                format!("cannot write {shown}: {e}\n  fix: check that its folder exists and can be written")
            }
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {shown}: {e}"))
}

/// Asks on the terminal (standard error) for every answer not given, one
/// line of standard input each; an empty line, or the end of the input,
/// takes the default shown in brackets.
fn ask_missing(args: &mut NewArgs) -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask = |question: &str, default: &str| -> Result<String, String> {
        eprint!("{question} [{}]: ", escape(default));
        let _ = std::io::stderr().flush();
        let line = lines
            .next()
            .transpose()
            .map_err(|e| format!("cannot read the answer: {e}"))?
            .unwrap_or_default();
        let line = line.trim();
        Ok(if line.is_empty() { default } else { line }.to_owned())
    };
    if args.company.is_none() {
        args.company = Some(ask("Company name", "Example Company")?);
    }
    let company = args.company.clone().unwrap_or_default();
    if args.id.is_none() {
        args.id = Some(ask("Pack id", &id_of(&company))?);
    }
    if args.languages.is_none() {
        args.languages = Some(ask("Languages, the default first (de, en, fr, it)", "en")?);
    }
    if args.contact_name.is_none() {
        args.contact_name = Some(ask(
            "Contact for questions (team or person)",
            "Corporate Communications",
        )?);
    }
    if args.contact_email.is_none() {
        args.contact_email = Some(ask("Their e-mail address", "social@company.example")?);
    }
    if args.out.is_none() {
        let id = args.id.clone().unwrap_or_default();
        args.out = Some(PathBuf::from(ask("File to write", &format!("{id}.json"))?));
    }
    Ok(())
}

/// The pack id made from a company name: `ACME Robotics AG` → `acme-robotics-ag-social`,
/// `Müller & Söhne` → `mueller-soehne-social`.
fn id_of(company: &str) -> String {
    let mut id = String::new();
    for c in company.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' => "o",
            'ù' | 'ú' | 'û' => "u",
            _ => "",
        };
        if !plain.is_empty() {
            id.push_str(plain);
        } else if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "company-social".to_owned()
    } else {
        format!("{id}-social")
    }
}

/// The answers from the arguments and defaults, checked.
pub fn answers(args: &NewArgs) -> Result<Answers, String> {
    let company = args
        .company
        .clone()
        .unwrap_or_else(|| "Example Company".to_owned());
    let company = company.trim().to_owned();
    if company.is_empty() || company.chars().count() > 100 || company.chars().any(char::is_control)
    {
        return Err(
            "--company: the company name is empty, longer than 100 characters or has control characters\n  fix: give its usual name, e.g. --company \"ACME Robotics\"".into(),
        );
    }
    let id = args.id.clone().unwrap_or_else(|| id_of(&company));
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    if !id_ok {
        return Err(format!(
            "--id {}: a pack id has lowercase letters, digits and `-` (at most 64)\n  fix: e.g. --id {}",
            escape(&id),
            id_of(&company)
        ));
    }
    let mut languages: Vec<&'static str> = Vec::new();
    for l in args.languages.as_deref().unwrap_or("en").split(',') {
        let l = l.trim().to_ascii_lowercase();
        if l.is_empty() {
            continue;
        }
        let Some(known) = LANGUAGES.iter().find(|x| **x == l) else {
            return Err(format!(
                "--languages: postcheck writes texts to fill in for de, en, fr and it, not {}\n  fix: choose among them (e.g. --languages de,en), then add other languages to the texts yourself",
                escape(&l)
            ));
        };
        if !languages.contains(known) {
            languages.push(known);
        }
    }
    if languages.is_empty() {
        return Err("--languages: no language given\n  fix: e.g. --languages de,en".into());
    }
    let contact_name = args
        .contact_name
        .clone()
        .unwrap_or_else(|| "Corporate Communications".to_owned())
        .trim()
        .to_owned();
    if contact_name.is_empty() || contact_name.chars().any(char::is_control) {
        return Err("--contact-name: empty or with control characters\n  fix: e.g. --contact-name \"Corporate Communications\"".into());
    }
    let contact_email = args
        .contact_email
        .clone()
        .unwrap_or_else(|| "social@company.example".to_owned())
        .trim()
        .to_owned();
    let email_ok = contact_email.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && contact_email
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '\\' | ','));
    if !email_ok {
        return Err(format!(
            "--contact-email {}: not an e-mail address\n  fix: e.g. --contact-email social@company.example",
            escape(&contact_email)
        ));
    }
    Ok(Answers {
        company,
        id,
        languages,
        contact_name,
        contact_email,
    })
}

/// The texts of the pack in one language; `{company}` is replaced.
struct Texts {
    name: &'static str,
    description: &'static str,
    topics: &'static str,
    guideline_text: &'static str,
    /// Guideline titles, in the order of [`CATEGORIES`].
    titles: [&'static str; 9],
    codename_message: &'static str,
    codename_suggestion: &'static str,
    codename_hit: &'static str,
    codename_miss: &'static str,
    deal_message: &'static str,
    deal_suggestion: &'static str,
    deal_words: &'static [&'static str],
    deal_hit: &'static str,
    deal_miss: &'static str,
    disclosure_message: &'static str,
    disclosure_suggestion: &'static str,
    disclosure_phrases: &'static [&'static str],
    disclosure_hit: &'static str,
    disclosure_miss: &'static str,
}

/// The categories, one guideline each (ids as in packs).
const CATEGORIES: [&str; 9] = [
    "confidential",
    "personal-data",
    "secret",
    "values",
    "disclosure",
    "netiquette",
    "copyright",
    "platform",
    "safety",
];

const EN: Texts = Texts {
    name: "{company} – social-media guidelines",
    description: "TO DO: one or two sentences for employees: what this pack checks before they post. Every hint is advice; nothing is blocked.",
    topics: "Questions about the guidelines, approvals, press enquiries",
    guideline_text: "TO DO: what employees of {company} should know here, in two or three plain sentences, and whom to ask.",
    titles: [
        "Confidential information",
        "Personal data",
        "Passwords and access",
        "Values and tone",
        "Say that you work here",
        "Manners",
        "Images and rights",
        "Platforms",
        "Your safety",
    ],
    codename_message: "\"{match}\" is an internal code name: a post would make it public.",
    codename_suggestion: "Describe the project in general terms or wait for the official announcement.",
    codename_hit: "Great progress on ExampleCodename this week!",
    codename_miss: "Great progress on our new product this week!",
    deal_message: "A customer name in connection with a deal: \"{match}\". Has this reference been approved?",
    deal_suggestion: "Leave the name out (\"a logistics company\") or ask for approval first.",
    deal_words: &[
        "contract",
        "order",
        "deal",
        "signed",
        "tender",
        "new customer",
    ],
    deal_hit: "We just signed a contract with ExampleCustomer!",
    deal_miss: "Thanks to ExampleCustomer for the great talk at the fair.",
    disclosure_message: "You mention a product of {company} (\"{match}\"): make it visible that you work there.",
    disclosure_suggestion: "Add e.g. \"I work at {company}\".",
    disclosure_phrases: &["I work at {company}", "I work for {company}", "my employer"],
    disclosure_hit: "ExampleProduct is the best tool I have used this year!",
    disclosure_miss: "I work at {company}, and ExampleProduct is the best tool I have used this year!",
};

const DE: Texts = Texts {
    name: "{company} – Social-Media-Leitfaden",
    description: "ZU TUN: ein, zwei Sätze für die Mitarbeitenden: was dieses Paket vor dem Posten prüft. Jeder Hinweis ist ein Rat, nichts wird blockiert.",
    topics: "Fragen zum Leitfaden, Freigaben, Presseanfragen",
    guideline_text: "ZU TUN: was Mitarbeitende von {company} hier wissen sollten, in zwei, drei einfachen Sätzen, und wen sie fragen können.",
    titles: [
        "Vertrauliche Informationen",
        "Personenbezogene Daten",
        "Passwörter und Zugänge",
        "Werte und Ton",
        "Sag, dass du hier arbeitest",
        "Umgangsformen",
        "Bilder und Rechte",
        "Plattformen",
        "Deine Sicherheit",
    ],
    codename_message: "„{match}“ ist ein interner Codename: Ein Post würde ihn öffentlich machen.",
    codename_suggestion: "Beschreibe das Projekt allgemein oder warte auf die offizielle Ankündigung.",
    codename_hit: "Grosse Fortschritte bei ExampleCodename diese Woche!",
    codename_miss: "Grosse Fortschritte bei unserem neuen Produkt diese Woche!",
    deal_message: "Kundenname im Zusammenhang mit einem Auftrag: „{match}“. Ist diese Referenz freigegeben?",
    deal_suggestion: "Schreib ohne Kundennamen („ein Logistikunternehmen“) oder hol vorher die Freigabe ein.",
    deal_words: &[
        "Vertrag",
        "Auftrag",
        "unterschrieben",
        "Zuschlag",
        "Ausschreibung",
        "Neukunde",
    ],
    deal_hit: "Wir haben den Vertrag mit ExampleCustomer unterschrieben!",
    deal_miss: "Danke an ExampleCustomer für das tolle Gespräch an der Messe.",
    disclosure_message: "Du erwähnst ein Produkt von {company} („{match}“): Mach sichtbar, dass du dort arbeitest.",
    disclosure_suggestion: "Ergänze z. B. „Ich arbeite bei {company}“.",
    disclosure_phrases: &[
        "Ich arbeite bei {company}",
        "Ich arbeite für {company}",
        "mein Arbeitgeber",
        "meinem Arbeitgeber",
    ],
    disclosure_hit: "ExampleProduct ist das beste Werkzeug, das ich dieses Jahr benutzt habe!",
    disclosure_miss: "Ich arbeite bei {company}, und ExampleProduct ist das beste Werkzeug, das ich dieses Jahr benutzt habe!",
};

const FR: Texts = Texts {
    name: "{company} – guide des réseaux sociaux",
    description: "À FAIRE : une ou deux phrases pour les collaborateurs : ce que ce pack vérifie avant publication. Chaque indication est un conseil ; rien n'est bloqué.",
    topics: "Questions sur le guide, validations, demandes de la presse",
    guideline_text: "À FAIRE : ce que les collaborateurs de {company} doivent savoir ici, en deux ou trois phrases simples, et à qui s'adresser.",
    titles: [
        "Informations confidentielles",
        "Données personnelles",
        "Mots de passe et accès",
        "Valeurs et ton",
        "Dites que vous travaillez ici",
        "Savoir-vivre",
        "Images et droits",
        "Plateformes",
        "Votre sécurité",
    ],
    codename_message: "« {match} » est un nom de code interne : une publication le rendrait public.",
    codename_suggestion: "Décrivez le projet en termes généraux ou attendez l'annonce officielle.",
    codename_hit: "Beaux progrès sur ExampleCodename cette semaine !",
    codename_miss: "Beaux progrès sur notre nouveau produit cette semaine !",
    deal_message: "Un nom de client en lien avec une affaire : « {match} ». Cette référence a-t-elle été validée ?",
    deal_suggestion: "Laissez le nom de côté (« une entreprise de logistique ») ou demandez d'abord la validation.",
    deal_words: &[
        "contrat",
        "commande",
        "signé",
        "appel d'offres",
        "nouveau client",
    ],
    deal_hit: "Nous venons de signer le contrat avec ExampleCustomer !",
    deal_miss: "Merci à ExampleCustomer pour la belle discussion au salon.",
    disclosure_message: "Vous mentionnez un produit de {company} (« {match} ») : indiquez que vous y travaillez.",
    disclosure_suggestion: "Ajoutez par exemple « Je travaille chez {company} ».",
    disclosure_phrases: &[
        "je travaille chez {company}",
        "je travaille pour {company}",
        "mon employeur",
    ],
    disclosure_hit: "ExampleProduct est le meilleur outil que j'ai utilisé cette année !",
    disclosure_miss: "Je travaille chez {company}, et ExampleProduct est le meilleur outil que j'ai utilisé cette année !",
};

const IT: Texts = Texts {
    name: "{company} – linee guida sui social media",
    description: "DA FARE: una o due frasi per i collaboratori: cosa controlla questo pacchetto prima della pubblicazione. Ogni indicazione è un consiglio; nulla viene bloccato.",
    topics: "Domande sulle linee guida, approvazioni, richieste della stampa",
    guideline_text: "DA FARE: cosa devono sapere qui i collaboratori di {company}, in due o tre frasi semplici, e a chi rivolgersi.",
    titles: [
        "Informazioni riservate",
        "Dati personali",
        "Password e accessi",
        "Valori e tono",
        "Dica che lavora qui",
        "Buone maniere",
        "Immagini e diritti",
        "Piattaforme",
        "La sua sicurezza",
    ],
    codename_message: "«{match}» è un nome in codice interno: un post lo renderebbe pubblico.",
    codename_suggestion: "Descriva il progetto in termini generali o aspetti l'annuncio ufficiale.",
    codename_hit: "Grandi progressi su ExampleCodename questa settimana!",
    codename_miss: "Grandi progressi sul nostro nuovo prodotto questa settimana!",
    deal_message: "Il nome di un cliente in relazione a un affare: «{match}». Questa referenza è stata approvata?",
    deal_suggestion: "Ometta il nome («un'azienda di logistica») o chieda prima l'approvazione.",
    deal_words: &[
        "contratto",
        "ordine",
        "firmato",
        "gara",
        "aggiudicato",
        "nuovo cliente",
    ],
    deal_hit: "Abbiamo appena firmato il contratto con ExampleCustomer!",
    deal_miss: "Grazie a ExampleCustomer per la bella chiacchierata in fiera.",
    disclosure_message: "Menziona un prodotto di {company} («{match}»): renda visibile che lavora lì.",
    disclosure_suggestion: "Aggiunga per esempio «Lavoro in {company}».",
    disclosure_phrases: &[
        "lavoro in {company}",
        "lavoro per {company}",
        "lavoro presso {company}",
        "mio datore di lavoro",
    ],
    disclosure_hit: "ExampleProduct è lo strumento migliore che ho usato quest'anno!",
    disclosure_miss: "Lavoro in {company}, ed ExampleProduct è lo strumento migliore che ho usato quest'anno!",
};

fn texts(lang: &str) -> &'static Texts {
    match lang {
        "de" => &DE,
        "fr" => &FR,
        "it" => &IT,
        _ => &EN,
    }
}

/// The pack for `answers`, dated `date` (`YYYY-MM-DD`).
pub fn pack_json(a: &Answers, date: &str) -> Value {
    let fill = |s: &str| s.replace("{company}", &a.company);
    let per_lang = |pick: &dyn Fn(&Texts) -> String| -> Value {
        let mut map = Map::new();
        for l in &a.languages {
            map.insert((*l).to_owned(), Value::String(pick(texts(l))));
        }
        Value::Object(map)
    };
    let all_langs = |pick: &dyn Fn(&Texts) -> &'static str| -> Vec<String> {
        a.languages.iter().map(|l| fill(pick(texts(l)))).collect()
    };
    let many = |pick: &dyn Fn(&Texts) -> &'static [&'static str]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in &a.languages {
            for w in pick(texts(l)) {
                let w = fill(w);
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    };
    let domain = a
        .contact_email
        .split_once('@')
        .map_or("company.example", |(_, d)| d);
    let guidelines: Vec<Value> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, category)| {
            json!({
                "id": category,
                "title": per_lang(&|t| t.titles.get(i).copied().unwrap_or_default().to_owned()),
                "text": per_lang(&|t| fill(t.guideline_text)),
                "link": format!("https://{domain}/social-media-guidelines#{category}"),
            })
        })
        .collect();
    let common = |id: &str, category: &str, level: &str| {
        json!({
            "id": id,
            "category": category,
            "level": level,
            "guideline": category,
            "contact": "comms",
        })
    };
    let mut codenames = common("codenames", "confidential", "important");
    let mut deal = common("customer-deal", "confidential", "important");
    let mut disclosure = common("disclosure", "disclosure", "consider");
    extend(
        &mut codenames,
        json!({
            "kind": "terms",
            "message": per_lang(&|t| t.codename_message.to_owned()),
            "suggestion": per_lang(&|t| t.codename_suggestion.to_owned()),
            "terms": ["ExampleCodename"],
            "examples": {
                "hit": all_langs(&|t| t.codename_hit),
                "miss": all_langs(&|t| t.codename_miss),
            },
        }),
    );
    extend(
        &mut deal,
        json!({
            "kind": "near",
            "message": per_lang(&|t| t.deal_message.to_owned()),
            "suggestion": per_lang(&|t| t.deal_suggestion.to_owned()),
            "a": { "terms": ["ExampleCustomer"] },
            "b": { "terms": many(&|t| t.deal_words) },
            "within": 10,
            "examples": {
                "hit": all_langs(&|t| t.deal_hit),
                "miss": all_langs(&|t| t.deal_miss),
            },
        }),
    );
    extend(
        &mut disclosure,
        json!({
            "kind": "requires",
            "message": per_lang(&|t| fill(t.disclosure_message)),
            "suggestion": per_lang(&|t| fill(t.disclosure_suggestion)),
            "if_any": { "terms": ["ExampleProduct"] },
            "unless_any": { "terms": many(&|t| t.disclosure_phrases) },
            "examples": {
                "hit": all_langs(&|t| t.disclosure_hit),
                "miss": all_langs(&|t| t.disclosure_miss),
            },
        }),
    );
    json!({
        "schema": "postcheck/pack/v1",
        "id": a.id,
        "name": per_lang(&|t| fill(t.name)),
        "version": format!("{}.1", date.replace('-', ".")),
        "publisher": a.company,
        "date": date,
        "default_locale": a.languages.first().copied().unwrap_or("en"),
        "languages": a.languages,
        "description": per_lang(&|t| fill(t.description)),
        "contacts": [{
            "id": "comms",
            "name": per_lang(&|_| a.contact_name.clone()),
            "email": a.contact_email,
            "topics": per_lang(&|t| t.topics.to_owned()),
        }],
        "guidelines": guidelines,
        "overrides": [{
            "pack": "postcheck-starter",
            "rule": "email-address",
            "exceptions": [a.contact_email],
        }],
        "rules": [codenames, deal, disclosure],
    })
}

/// Adds the fields of `more` to the object `rule`.
fn extend(rule: &mut Value, more: Value) {
    if let (Value::Object(rule), Value::Object(more)) = (rule, more) {
        rule.extend(more);
    }
}
