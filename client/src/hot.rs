//! Calls that switch to patched code, in subsecond's model: look up the callee's address in the
//! jump table and, when a patch replaced it, call the replacement instead.
//!
//! Two families cover two kinds of callee:
//! - `call`, `call1`..`call3` take any closure or function item. The key is the address of this
//!   module's `invoke*` function instantiated for the closure's type. That instantiation lives in
//!   the crate that calls `call`, so the patch, built from the same crate, contains an
//!   instantiation with the same symbol name, and the server's jump table maps one to the other.
//!   The replacement `invoke*` then runs the new body of the closure or function.
//! - `call_fn`, `call_fn1`..`call_fn3` take a plain `fn` pointer (a function item coerces to
//!   one). The key is the function's own address, which the jump table maps by the function's
//!   symbol name.
//!
//! Both transmute a table value to the signature of the callee they replace. That is sound only
//! if the patch's function with the same symbol name has the same signature and ABI. This holds
//! when the same compiler builds the patch from the same crate and the edit keeps that
//! function's signature. Rust's legacy symbol names do not encode a signature, so an edit that
//! changes the parameter or return types of a function called through `call_fn` needs a full
//! reload.

use crate::table;
use std::mem;

macro_rules! hot_calls {
    ($(($call:ident, $call_fn:ident, $invoke:ident, $key:ident; $($arg:ident: $ty:ident),*)),* $(,)?) => {$(
        #[inline(never)]
        fn $invoke<F: FnOnce($($ty),*) -> R, $($ty,)* R>(f: F, $($arg: $ty),*) -> R {
            f($($arg),*)
        }

        /// Returns the jump-table key that the matching `call` function looks up for a callee of
        /// type `F`: the runtime address of the call trampoline instantiated for `F`.
        pub fn $key<F: FnOnce($($ty),*) -> R, $($ty,)* R>(_f: &F) -> u64 {
            let invoke: fn(F, $($ty),*) -> R = $invoke::<F, $($ty,)* R>;
            invoke as *const () as usize as u64
        }

        /// Calls `f` with the given arguments, or the patched version of `f` when a patch
        /// replaced it.
        pub fn $call<F: FnOnce($($ty),*) -> R, $($ty,)* R>(f: F, $($arg: $ty),*) -> R {
            if let Some(replacement) = table::lookup($key::<F, $($ty,)* R>(&f)) {
                // SAFETY: the table maps the address of `$invoke::<F, ..>` only to the patch's
                // function with the same symbol name, which is the same instantiation built by
                // the same compiler and so has this exact signature and ABI. Its library is never
                // unloaded, so the address stays valid.
                let replacement = unsafe {
                    mem::transmute::<*const (), fn(F, $($ty),*) -> R>(replacement as usize as *const ())
                };
                return replacement(f, $($arg),*);
            }
            f($($arg),*)
        }

        /// Calls the function `f` points to, or its patched version when a patch replaced it.
        pub fn $call_fn<$($ty,)* R>(f: fn($($ty),*) -> R, $($arg: $ty),*) -> R {
            if let Some(replacement) = table::lookup(f as *const () as usize as u64) {
                // SAFETY: the table maps a function's address only to the patch's function with
                // the same symbol name. The caller keeps its signature unchanged across edits (see
                // the module documentation), so the replacement has this type and ABI. Its
                // library is never unloaded, so the address stays valid.
                let replacement = unsafe {
                    mem::transmute::<*const (), fn($($ty),*) -> R>(replacement as usize as *const ())
                };
                return replacement($($arg),*);
            }
            f($($arg),*)
        }
    )*};
}

hot_calls! {
    (call, call_fn, invoke0, key_of_call;),
    (call1, call_fn1, invoke1, key_of_call1; a: A),
    (call2, call_fn2, invoke2, key_of_call2; a: A, b: B),
    (call3, call_fn3, invoke3, key_of_call3; a: A, b: B, c: C),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triple(x: u32) -> u32 {
        x * 3
    }

    fn replacement_triple(x: u32) -> u32 {
        x * 300
    }

    #[inline(never)]
    fn replacement_for_closure<F: FnOnce(u32) -> u32>(_f: F, x: u32) -> u32 {
        x + 1000
    }

    fn replacement_for<F: FnOnce(u32) -> u32>(_f: &F) -> fn(F, u32) -> u32 {
        replacement_for_closure::<F>
    }

    #[test]
    fn call_without_patch_runs_original() {
        let offset = 7;
        assert_eq!(call(|| 40 + 2), 42);
        assert_eq!(call1(move |x: u32| x + offset, 1), 8);
        assert_eq!(call2(|a: u32, b: u32| a * b, 6, 7), 42);
        assert_eq!(call3(|a: u8, b: u8, c: u8| a + b + c, 1, 2, 3), 6);
        assert_eq!(call_fn1(triple as fn(u32) -> u32, 5), 15);
    }

    #[test]
    fn call_fn_follows_table() {
        let doubled: fn(u32) -> u32 = |x| x * 2;
        table::install([(doubled as *const () as usize as u64, replacement_triple as *const () as usize as u64)]);
        assert_eq!(call_fn1(doubled, 5), 1500);
    }

    #[test]
    fn call_follows_trampoline_key() {
        let offset = 7u32;
        let closure = move |x: u32| x + offset;
        let key = key_of_call1(&closure);
        // The replacement is the same generic function instantiated for the same closure type,
        // so its signature and ABI match `invoke1::<F, u32, u32>` exactly.
        let replacement = replacement_for(&closure);
        table::install([(key, replacement as *const () as usize as u64)]);
        assert_eq!(call1(closure, 5), 1005);
        assert_ne!(key, key_of_call1(&move |x: u32| x + offset), "each closure type has its own key");
    }
}
