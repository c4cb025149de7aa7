//! Nouns whose leaves clap builds only when argv reaches them.
//!
//! clap's derive builds every `Command` and `Arg` of the tree before it parses: for
//! `cloud`'s 200-odd leaves that is about 2 MB of heap, and on a virtual machine each of
//! those fresh pages costs a fault. A noun wrapped in [`Deferred`] is added to the tree with
//! its name, summary and help, and its leaves behind [`clap::Command::defer`], which clap
//! runs when it descends into the noun (parsing, help, completions, man pages all do).
//!
//! Walks that read the tree without building it ask for an [`expanded`] tree (completions,
//! man pages), or for one that can [`expand`] a noun at a time ([`expandable`], the catalog).
//! A parse pays for neither.

use std::cell::{Cell, RefCell};

use clap::{ArgMatches, Command, FromArgMatches, Subcommand};

/// A noun's subcommand enum, built lazily (see the module's documentation).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

type Expansion = fn(Command) -> Command;

/// How the next tree made treats its deferred nouns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Defer,
    /// Deferred, each noun's expansion kept for [`expand`].
    Record,
    Expand,
}

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Defer) };
    /// Each deferred noun's expansion, by name, from the last [`expandable`] tree.
    static EXPANSIONS: RefCell<Vec<(String, Expansion)>> = const { RefCell::new(Vec::new()) };
}

/// `make` run with the nouns in `mode`.
fn made_in<T>(mode: Mode, make: impl FnOnce() -> T) -> T {
    MODE.set(mode);
    let tree = make();
    MODE.set(Mode::Defer);
    tree
}

/// `noun`, of an [`expandable`] tree, with its leaves in place, unbuilt, as clap would
/// expand it on descending into it.
pub fn expand(noun: Command) -> Command {
    if noun.has_subcommands() {
        return noun;
    }
    let expansion = EXPANSIONS.with_borrow(|all| {
        all.iter()
            .find(|(name, _)| name == noun.get_name())
            .map(|(_, expansion)| *expansion)
    });
    match expansion {
        Some(expansion) => expansion(noun),
        None => noun,
    }
}

/// The whole tree, every noun's leaves in place, for the walks that do not build it.
pub fn expanded<T>(make: impl FnOnce() -> T) -> T {
    made_in(Mode::Expand, make)
}

/// A tree with its nouns deferred, each of which [`expand`] can expand on its own.
pub fn expandable<T>(make: impl FnOnce() -> T) -> T {
    made_in(Mode::Record, make)
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(command: Command) -> Command {
        match MODE.get() {
            Mode::Expand => return T::augment_subcommands(command),
            Mode::Record => {
                let name = command.get_name().to_owned();
                EXPANSIONS.with_borrow_mut(|all| match all.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, expansion)) => *expansion = T::augment_subcommands,
                    None => all.push((name, T::augment_subcommands)),
                });
            }
            Mode::Defer => {}
        }
        command.defer(T::augment_subcommands)
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        match MODE.get() {
            Mode::Expand => T::augment_subcommands_for_update(command),
            Mode::Record | Mode::Defer => command.defer(T::augment_subcommands_for_update),
        }
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}
