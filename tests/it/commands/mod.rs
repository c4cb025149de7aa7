//! One module per noun: each leaf command's exact requests, and its rendered output.

mod org;
