//! A sibling of b-mid that embeds a text file.

#[inline(never)]
pub fn side() -> &'static str {
    "SIDE-1"
}

pub fn motto() -> &'static str {
    include_str!("motto.txt")
}
