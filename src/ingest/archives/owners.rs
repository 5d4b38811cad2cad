//! The owner of an account export, shared by the files of one ingest session.
//!
//! An account archive is an ego network: most of its files describe what *one* account
//! did (an X archive's `tweets.js` and `following.js`, a Mastodon `following_accounts.csv`)
//! without naming it. The owner is named elsewhere (`manifest.js`, `account.js`,
//! `actor.json`), and the files can arrive in any order, loose or inside a ZIP. So a
//! reader that needs the owner before it is known gets a *placeholder* account; when a
//! later file names the owner, [`OwnerSlot::identify`] merges the placeholder into the
//! real account ([`NetworkBuilder::merge_accounts`]), moving its posts and interactions.
//!
//! The slot lives for the whole session: loose files without their `account.js` are
//! attributed to the last owner named, or to a placeholder that the next owner named absorbs.

use crate::network::{AccountIdx, NetworkBuilder, Platform};

/// The owner of one platform's export, as far as the files read so far say.
#[derive(Debug, Default)]
pub struct OwnerSlot {
    owner: Option<AccountIdx>,
    placeholder: Option<AccountIdx>,
    /// Placeholders made so far, so each gets its own id.
    placeholders_made: u32,
}

impl OwnerSlot {
    /// The owner, or a placeholder standing in for it until a file names it.
    pub fn current(&mut self, network: &mut NetworkBuilder, platform: Platform) -> AccountIdx {
        if let Some(owner) = self.owner {
            return network.resolve(owner);
        }
        if let Some(placeholder) = self.placeholder {
            return network.resolve(placeholder);
        }
        self.placeholders_made += 1;
        let id = match self.placeholders_made {
            1 => "(archive owner)".to_owned(),
            n => format!("(archive owner #{n})"),
        };
        let placeholder = network.account(platform, &id);
        network.account_mut(placeholder).name = Some("archive owner".to_owned());
        network.mark_owner(placeholder);
        self.placeholder = Some(placeholder);
        placeholder
    }

    /// The owner if a file has named it.
    pub fn known(&self, network: &NetworkBuilder) -> Option<AccountIdx> {
        self.owner.map(|owner| network.resolve(owner))
    }

    /// A file named the owner: a pending placeholder merges into it.
    pub fn identify(&mut self, network: &mut NetworkBuilder, owner: AccountIdx) {
        if let Some(placeholder) = self.placeholder.take() {
            // The placeholder's name ("archive owner") must not become the real owner's.
            let placeholder = network.resolve(placeholder);
            if placeholder != network.resolve(owner) {
                network.account_mut(placeholder).name = None;
                network.merge_accounts(placeholder, owner);
            }
        }
        network.mark_owner(owner);
        self.owner = Some(owner);
    }
}

/// Owners per platform whose exports do not name them in every file.
#[derive(Debug, Default)]
pub struct Owners {
    pub x: OwnerSlot,
    pub mastodon: OwnerSlot,
}
