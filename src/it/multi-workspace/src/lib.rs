/// The lib half of this lib+bin package.
pub fn banner() -> &'static str {
    "banner one"
}
