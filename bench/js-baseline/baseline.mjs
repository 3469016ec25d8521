// A straightforward JavaScript implementation of a postcheck pack, as an
// extension author would write it without a rule engine: one RegExp per rule
// (or per word list), run over the draft one after the other. It is the
// baseline the engine is compared with; it is not postcheck's semantics
// (no folding of diacritics or invisible characters, ASCII `\b`, simplified
// detectors), only the same amount of work done the obvious way.
import { createHash } from 'node:crypto';

const WORD = '[\\p{L}\\p{N}_]';
const ENDINGS = "(?:s|es|e|en|n|er|ern|ens|x|'s)?";

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

/** One RegExp for a word list, in a postcheck match mode. */
function listRegExp(terms, mode = 'inflected', caseSensitive = false) {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escape).join('|');
  const before = mode === 'anywhere' ? '' : `(?<!${WORD})`;
  const after = { word: `(?!${WORD})`, inflected: `${ENDINGS}(?!${WORD})`, prefix: `${WORD}*`, anywhere: '' }[mode];
  return new RegExp(`${before}(?:${alternatives})${after}`, caseSensitive ? 'gu' : 'giu');
}

/** A Rust-syntax pattern as a JS RegExp (leading `(?i)` becomes the `i` flag). */
function patternRegExp(src, caseInsensitive = false) {
  let flags = 'gu';
  let body = src;
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  } else if (caseInsensitive) flags += 'i';
  return new RegExp(body, flags);
}

function spans(re, text) {
  const out = [];
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length) out.push({ start: m.index, end: m.index + m[0].length, m });
  }
  return out;
}

// Detectors: one simplified RegExp each (what a quick implementation would do).
const DETECTORS = {
  email: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  phone: /(?:\+|00)\d{2}[\s./-]?\(?\d{1,4}\)?(?:[\s./-]?\d{2,4}){2,4}|\b0\d{2}[\s./-]?\d{3}[\s./-]?\d{2}[\s./-]?\d{2}\b/g,
  iban: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b/g,
  'payment-card': /\b(?:\d[ -]?){12,18}\d\b/g,
  ahv: /\b756[.\s]?\d{4}[.\s]?\d{4}[.\s]?\d{2}\b/g,
  'de-tax-id': /\b\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b/g,
  'date-of-birth': /\b(?:geboren|born|né|née|nato|nata|date of birth|geburtsdatum)\b[^\n]{0,20}?\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/gi,
  'home-address': /\b[A-ZÄÖÜ][\p{L}-]*(?:strasse|straße|gasse|weg|platz)\s+\d{1,4}[a-z]?,?\s+\d{4,5}\s+[A-ZÄÖÜ][\p{L}-]+/gu,
  'private-key': /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g,
  'api-token': /\b(?:ghp_[A-Za-z0-9]{36}|sk-[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[bpas]-[A-Za-z0-9-]{10,})\b/g,
  jwt: /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g,
  'password-assignment': /\b(?:passwort|password|pwd|kennwort|mot de passe|secret|token)\s*(?:[:=]|is|ist|est)\s*\S{4,}/gi,
  'high-entropy-token': /\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{24,}\b/g,
  'private-ip': /\b(?:10\.\d{1,3}|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b/g,
  'file-share': /\b(?:https?:\/\/)?(?:drive\.google\.com|docs\.google\.com|dropbox\.com|[\w-]+\.sharepoint\.com|we\.tl|wetransfer\.com)\/\S+/gi,
  'document-marker': /\b(?:streng vertraulich|vertraulich|nur für den internen gebrauch|internal only|confidential|strictement confidentiel|usage interne|strettamente riservato|uso interno|do not forward|nicht weiterleiten)\b/gi,
  'internal-url': /\bhttps?:\/\/[\w.-]*(?:intranet|internal|corp|intra)[\w.-]*\/?\S*/gi,
  'eu-vat': /\b(?:ATU\d{8}|DE\d{9}|FR[A-Z0-9]{2}\d{9}|IT\d{11})\b/g,
  'ch-uid': /\bCHE[-\s]?\d{3}\.?\d{3}\.?\d{3}\b/g,
};

const URL_RE = /\b(?:https?:\/\/)?(?:[\w-]+\.)+[a-z]{2,}(?:\/\S*)?/gi;
const HASHTAG_RE = /(?<![\p{L}\p{N}_#])#[\p{L}_][\p{L}\p{N}_]*/gu;
const MENTION_RE = /(?<![\p{L}\p{N}_@])@[\p{L}\p{N}_]+/gu;
const PUNCT_RE = /[!?！？¡¿‼⁉]{2,}/g;
const WORDS_RE = /[\p{L}\p{N}_]+/gu;

const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function sha256(salt, text) {
  return createHash('sha256').update(`${salt}\u0000${text}`).digest('hex');
}

function side(spec) {
  const parts = [];
  if (spec.terms?.length) parts.push(listRegExp(spec.terms, spec.match ?? 'inflected'));
  if (spec.pattern) parts.push(patternRegExp(spec.pattern));
  if (spec.detector && DETECTORS[spec.detector]) parts.push(DETECTORS[spec.detector]);
  return (text) => parts.flatMap((re) => spans(re, text));
}

function wordIndexAt(words, pos) {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Compiles each rule into a function `(text, options) => [{start, end}]`. */
function compileRule(rule, pack) {
  switch (rule.kind) {
    case 'terms': {
      const re = listRegExp(rule.terms, rule.match ?? 'inflected', rule.case_sensitive);
      const except = rule.exceptions?.length ? listRegExp(rule.exceptions) : null;
      return (text) => {
        const found = spans(re, text);
        if (!except) return found;
        const ex = spans(except, text);
        return found.filter((f) => !ex.some((e) => e.start <= f.start && f.end <= e.end));
      };
    }
    case 'hashed_terms': {
      const hashes = new Set(rule.hashes);
      const max = rule.max_words ?? 3;
      const endings = ['s', 'es', 'e', 'en', 'n', 'er', 'ern', 'ens', "'s"];
      return (text) => {
        const folded = fold(text);
        const words = [...folded.matchAll(WORDS_RE)];
        const out = [];
        for (let i = 0; i < words.length; i++) {
          let phrase = '';
          for (let n = 0; n < max && i + n < words.length; n++) {
            const w = words[i + n][0];
            phrase = n ? `${phrase} ${w}` : w;
            const stems = [phrase, ...endings.filter((e) => w.length > e.length + 1 && phrase.endsWith(e)).map((e) => phrase.slice(0, -e.length))];
            if (stems.some((s) => hashes.has(sha256(rule.salt, s)))) {
              out.push({ start: words[i].index, end: words[i + n].index + w.length });
            }
          }
        }
        return out;
      };
    }
    case 'substitution': {
      const owner = new Map();
      for (const swap of rule.swap) for (const t of swap.instead_of) owner.set(t.toLowerCase(), swap);
      const re = listRegExp([...owner.keys()], rule.match ?? 'word');
      return (text) =>
        spans(re, text).filter((s) => {
          const swap = owner.get(s.m[0].toLowerCase());
          return !swap || !swap.use.includes(s.m[0]);
        });
    }
    case 'pattern': {
      const re = patternRegExp(rule.pattern, rule.case_insensitive);
      const group = rule.group;
      return (text) => {
        if (group == null) return spans(re, text);
        const out = [];
        re.lastIndex = 0;
        for (const m of text.matchAll(re)) {
          const g = typeof group === 'number' ? m[group] : m.groups?.[group];
          if (g) {
            const at = m.index + m[0].indexOf(g);
            out.push({ start: at, end: at + g.length });
          }
        }
        return out;
      };
    }
    case 'detector': {
      const re = DETECTORS[rule.detector];
      return re ? (text) => spans(re, text) : () => [];
    }
    case 'requires': {
      const ifAny = side(rule.if_any);
      const unless = side(rule.unless_any);
      return (text) => {
        const first = ifAny(text)[0];
        return first && unless(text).length === 0 ? [first] : [];
      };
    }
    case 'near': {
      const a = side(rule.a);
      const b = side(rule.b);
      const within = rule.within ?? 10;
      return (text) => {
        const as = a(text);
        if (!as.length) return [];
        const bs = b(text);
        const words = [...text.matchAll(WORDS_RE)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
        const out = [];
        for (const x of as) {
          let best = null;
          for (const y of bs) {
            if (!(y.end <= x.start || x.end <= y.start)) continue;
            const [p, q] = x.start <= y.start ? [x, y] : [y, x];
            const d = wordIndexAt(words, q.start) - wordIndexAt(words, p.end);
            if (d <= within && (!best || d < best.d)) best = { d, y };
          }
          if (best) out.push({ start: Math.min(x.start, best.y.start), end: Math.max(x.end, best.y.end) });
        }
        return out;
      };
    }
    case 'metric': {
      const limits = { linkedin: { max: 3000, fold: 210 }, x: { max: 280, fold: null } };
      return (text, options) => {
        const p = limits[options.platform];
        switch (rule.measure) {
          case 'length':
            return p && text.length > (rule.max ?? p.max) ? [{ start: rule.max ?? p.max, end: text.length }] : [];
          case 'fold':
            return p?.fold && text.length > p.fold ? [{ start: p.fold, end: p.fold }] : [];
          case 'hashtags':
          case 'mentions':
          case 'links': {
            const re = { hashtags: HASHTAG_RE, mentions: MENTION_RE, links: URL_RE }[rule.measure];
            const found = spans(re, text);
            return found.length > rule.max ? [{ start: found[rule.max].start, end: found.at(-1).end }] : [];
          }
          case 'caps_ratio': {
            const letters = (text.match(/\p{L}/gu) || []).length;
            const upper = (text.match(/\p{Lu}/gu) || []).length;
            return letters >= (rule.min_letters ?? 20) && upper > (rule.max ?? 0.7) * letters ? [{ start: 0, end: text.length }] : [];
          }
          case 'repeated_punctuation':
            return spans(PUNCT_RE, text).filter((s) => s.end - s.start > (rule.max ?? 2));
          default:
            return [];
        }
      };
    }
    case 'context': {
      const want = rule.when?.media ?? [];
      return (text, options) => ((options.media ?? []).some((m) => want.includes(m)) ? [{ start: 0, end: 0 }] : []);
    }
    default:
      void pack;
      return () => [];
  }
}

/** Compiles a pack (parsed JSON) into `{ check(text, options) }`. */
export function compilePack(pack) {
  const rules = pack.rules.map((rule) => ({ rule, run: compileRule(rule, pack) }));
  const message = (rule, locale) => (typeof rule.message === 'string' ? rule.message : (rule.message[locale] ?? rule.message.en ?? ''));
  return {
    check(text, options = {}) {
      const hints = [];
      for (const { rule, run } of rules) {
        if (rule.platforms?.length && !rule.platforms.includes(options.platform)) continue;
        for (const s of run(text, options)) {
          const excerpt = text.slice(s.start, s.end);
          hints.push({ rule: rule.id, start: s.start, end: s.end, excerpt, message: message(rule, options.locale ?? 'en').replace('{match}', excerpt) });
        }
      }
      hints.sort((a, b) => a.start - b.start || a.end - b.end);
      return { hints };
    },
  };
}
