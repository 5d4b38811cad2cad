//! Warnings under pseudonyms: a reading warning may quote the data ("node row 'alice'
//! matches 2 accounts", "the API could not return ... 'Could not find user with username:
//! [leeseunggi]'"), and a pseudonymised screen or export must not show a real name in them.
//!
//! What a warning names is known three ways, all replaced: the names its reader listed
//! ([`Warning::names`], which may not be accounts of the network at all, like a deleted
//! user's handle), quoted segments (`'...'`, how every reader quotes data), and `@handle`
//! tokens. A segment that is an account's id, `@handle` or label becomes its alias; any
//! other listed name or quoted segment becomes `[hidden]`, since quoted text is data and
//! data may name someone.

use std::collections::{HashMap, HashSet};

use crate::ingest::Warning;
use crate::network::Network;

/// What stands in for data text that names no account of the network.
pub const HIDDEN: &str = "[hidden]";

/// Rewrites warning texts so that they name accounts only by their aliases.
pub struct Redactor<'a> {
    aliases: &'a [String],
    alias_set: HashSet<&'a str>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a> Redactor<'a> {
    pub fn new(network: &'a Network, aliases: &'a [String]) -> Self {
        let mut by_name = HashMap::with_capacity(network.account_count() * 2);
        for (index, account) in network.accounts.iter().enumerate() {
            by_name.entry(account.id.as_str()).or_insert(index);
            by_name.entry(account.display_label()).or_insert(index);
            if let Some(handle) = &account.handle {
                by_name.entry(handle.as_str()).or_insert(index);
            }
        }
        let alias_set = aliases.iter().map(String::as_str).collect();
        Redactor {
            aliases,
            alias_set,
            by_name,
        }
    }

    /// The warning with its message rewritten (and its names dropped: they are the secret).
    pub fn warning(&self, warning: &Warning) -> Warning {
        Warning {
            file: warning.file.clone(),
            line: warning.line,
            message: self.message(&warning.message, &warning.names),
            names: Vec::new(),
        }
    }

    /// `message` with every name in `names`, every quoted segment and every `@handle`
    /// replaced by an alias or [`HIDDEN`].
    pub fn message(&self, message: &str, names: &[String]) -> String {
        let mut text = message.to_owned();
        // Longest first, so that "alice_b" is not half-replaced by "alice".
        let mut listed: Vec<&String> = names.iter().filter(|n| !n.is_empty()).collect();
        listed.sort_by_key(|name| std::cmp::Reverse(name.len()));
        for name in listed {
            text = text.replace(name.as_str(), &self.stand_in(name));
        }
        let text = self.quoted(&text);
        self.handles(&text)
    }

    fn stand_in(&self, name: &str) -> String {
        let bare = name.strip_prefix('@').unwrap_or(name);
        match self.by_name.get(name).or_else(|| self.by_name.get(bare)) {
            Some(&account) => self.aliases[account].clone(),
            None => HIDDEN.to_owned(),
        }
    }

    /// Quoted segments `'...'` that are not already an alias or `[hidden]`.
    fn quoted(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('\'') {
            let Some(length) = rest[open + 1..].find('\'') else {
                break;
            };
            let inner = &rest[open + 1..open + 1 + length];
            out.push_str(&rest[..=open]);
            if self.is_alias(inner) || inner == HIDDEN {
                out.push_str(inner);
            } else {
                out.push_str(&self.stand_in(inner));
            }
            out.push('\'');
            rest = &rest[open + length + 2..];
        }
        out.push_str(rest);
        out
    }

    /// `@handle` tokens (letters, digits, `_`, `.`, `-` after an `@` that starts a word).
    fn handles(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices().peekable();
        let mut previous: Option<char> = None;
        while let Some((at, c)) = chars.next() {
            let starts_word = previous.is_none_or(|p| !p.is_alphanumeric());
            if c == '@' && starts_word {
                let start = at + 1;
                let mut end = start;
                while let Some(&(i, next)) = chars.peek() {
                    if next.is_alphanumeric() || next == '_' || next == '.' || next == '-' {
                        end = i + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let handle = text[start..end].trim_end_matches('.');
                if handle.is_empty() {
                    out.push('@');
                } else {
                    out.push_str(&self.stand_in(handle));
                    out.push_str(&text[start + handle.len()..end]);
                }
                previous = text[..end].chars().next_back();
                continue;
            }
            out.push(c);
            previous = Some(c);
        }
        out
    }

    fn is_alias(&self, text: &str) -> bool {
        self.alias_set.contains(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Warning;
    use crate::network::{NetworkBuilder, Platform};

    fn network() -> Network {
        let mut builder = NetworkBuilder::new();
        let alice = builder.account(Platform::Twitter, "111");
        builder.set_handle(Platform::Twitter, alice, "alice");
        builder.account(Platform::Generic, "bob");
        builder.finish()
    }

    fn warning(message: &str, names: &[&str]) -> Warning {
        Warning {
            file: "f".into(),
            line: Some(2),
            message: message.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn accounts_become_their_aliases_and_other_data_is_hidden() {
        let network = network();
        let aliases = vec!["Account 0002".to_owned(), "Account 0001".to_owned()];
        let redactor = Redactor::new(&network, &aliases);
        let shown = redactor.warning(&warning(
            "the API could not return 1 referenced objects (first: 'Could not find user with username: [leeseunggi].')",
            &["leeseunggi"],
        ));
        assert_eq!(
            shown.message,
            "the API could not return 1 referenced objects (first: '[hidden]')"
        );
        assert!(shown.names.is_empty());
        let row = redactor.message("node row 'bob' matches 2 accounts (twitter '111' (@alice))", &[]);
        assert_eq!(
            row,
            "node row 'Account 0001' matches 2 accounts (twitter 'Account 0002' (Account 0002))"
        );
        assert_eq!(
            redactor.message("mail me@example.org, cc @alice.", &[]),
            "mail me@example.org, cc Account 0002."
        );
        assert_eq!(
            redactor.message("no names here: 12 rows", &[]),
            "no names here: 12 rows"
        );
    }
}
