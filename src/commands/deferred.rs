//! Nouns whose leaves clap builds only when argv reaches them.
//!
//! clap's derive builds every `Command` and `Arg` of the tree before it parses: for
//! `cloud`'s 200-odd leaves that is about 2 MB of heap, and on a virtual machine each of
//! those fresh pages costs a fault. A noun wrapped in [`Deferred`] is added to the tree with
//! its name, summary and help, and its leaves behind [`clap::Command::defer`], which clap
//! runs when it descends into the noun (parsing, help, completions, man pages all do).
//!
//! Walks that read the tree without building it (the catalog, completions, man pages) ask
//! for an [`expanded`] tree, or [`expand`] one noun at a time.

use std::cell::{Cell, RefCell};

use clap::{ArgMatches, Command, FromArgMatches, Subcommand};

/// A noun's subcommand enum, built lazily (see the module's documentation).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

type Expansion = fn(Command) -> Command;

thread_local! {
    static EXPAND: Cell<bool> = const { Cell::new(false) };
    /// Each deferred noun's expansion, by name, from the last tree made.
    static EXPANSIONS: RefCell<Vec<(String, Expansion)>> = const { RefCell::new(Vec::new()) };
}

/// `noun` with its leaves in place, unbuilt, as clap would expand it on descending into it.
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
    EXPAND.set(true);
    let tree = make();
    EXPAND.set(false);
    tree
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(command: Command) -> Command {
        if EXPAND.get() {
            return T::augment_subcommands(command);
        }
        let name = command.get_name().to_owned();
        EXPANSIONS.with_borrow_mut(|all| match all.iter_mut().find(|(n, _)| *n == name) {
            Some((_, expansion)) => *expansion = T::augment_subcommands,
            None => all.push((name, T::augment_subcommands)),
        });
        command.defer(T::augment_subcommands)
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        if EXPAND.get() {
            T::augment_subcommands_for_update(command)
        } else {
            command.defer(T::augment_subcommands_for_update)
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
