//! The dynamic loader calls the client needs, declared against glibc.
//!
//! glibc 2.34 and later define `dlopen`, `dlsym`, `dlerror` and `dlinfo` in libc itself, which
//! std already links on Linux, so no extra library is named here.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// `RTLD_NOW` from glibc's `<dlfcn.h>`: resolve every symbol before `dlopen` returns, so a
/// patch with a missing symbol fails at load time instead of at its first call.
const RTLD_NOW: c_int = 2;

/// `RTLD_DI_LINKMAP` from glibc's `<dlfcn.h>`: `dlinfo` stores the library's `struct link_map *`.
#[cfg(target_os = "linux")]
const RTLD_DI_LINKMAP: c_int = 2;

/// The leading member of `struct link_map` from `<link.h>`, which glibc documents as the
/// debugger protocol: the difference between addresses in the ELF file and in memory.
#[cfg(target_os = "linux")]
#[repr(C)]
struct LinkMapHead {
    l_addr: usize,
}

extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *mut c_char;
}

// dlinfo is a GNU and Solaris extension that macOS lacks, so it is declared only where used.
#[cfg(target_os = "linux")]
extern "C" {
    fn dlinfo(handle: *mut c_void, request: c_int, info: *mut c_void) -> c_int;
}

/// A loaded library. It has no `Drop`: patch code stays mapped until the process exits, because
/// any thread may still be running it or hold a pointer into it.
pub struct Library {
    handle: *mut c_void,
}

// SAFETY: a dlopen handle is a process-wide token that glibc lets any thread pass to dlsym.
unsafe impl Send for Library {}

/// Returns and clears the calling thread's last loader error.
fn last_error() -> String {
    // SAFETY: dlerror takes no arguments. It returns null or a pointer to a NUL-terminated
    // string that stays valid until the next dl* call on this thread, and it is copied at once.
    unsafe {
        let message = dlerror();
        if message.is_null() {
            "unknown dynamic loader error".to_string()
        } else {
            CStr::from_ptr(message).to_string_lossy().into_owned()
        }
    }
}

/// Loads the library at `path` with `RTLD_NOW`. The error is the loader's own message.
pub fn open_now(path: &Path) -> Result<Library, String> {
    let c_path = CString::new(path.as_os_str().as_bytes()).map_err(|_| format!("path {} contains a NUL byte", path.display()))?;
    last_error();
    // SAFETY: c_path is a valid NUL-terminated string that outlives the call. Loading runs the
    // library's initialisers, which the server built from the app's own code.
    let handle = unsafe { dlopen(c_path.as_ptr(), RTLD_NOW) };
    if handle.is_null() {
        return Err(last_error());
    }
    Ok(Library { handle })
}

impl Library {
    /// Returns the runtime address of the symbol `name` in this library and its dependencies.
    pub fn symbol(&self, name: &str) -> Result<u64, String> {
        let c_name = CString::new(name).map_err(|_| format!("symbol name {name:?} contains a NUL byte"))?;
        last_error();
        // SAFETY: handle came from a successful dlopen and is never closed; c_name is a valid
        // NUL-terminated string that outlives the call.
        let address = unsafe { dlsym(self.handle, c_name.as_ptr()) };
        if address.is_null() {
            return Err(last_error());
        }
        Ok(address as u64)
    }

    /// Returns the library's load bias (`l_addr` of its link map): runtime address minus the
    /// address in the file, for every symbol of the library.
    #[cfg(target_os = "linux")]
    pub fn load_bias(&self) -> Result<u64, String> {
        let mut link_map: *const LinkMapHead = std::ptr::null();
        last_error();
        // SAFETY: handle came from a successful dlopen and is never closed; for RTLD_DI_LINKMAP
        // glibc writes one `struct link_map *` to the address passed, which is `link_map`.
        let status = unsafe { dlinfo(self.handle, RTLD_DI_LINKMAP, &mut link_map as *mut _ as *mut c_void) };
        if status != 0 || link_map.is_null() {
            return Err(last_error());
        }
        // SAFETY: link_map points to the loader's record of a library that is never unloaded,
        // and l_addr is its first member in every glibc version (debugger protocol).
        Ok(unsafe { (*link_map).l_addr } as u64)
    }

    /// Returns an error: without `dlinfo` the load bias is only known through the anchor.
    #[cfg(not(target_os = "linux"))]
    pub fn load_bias(&self) -> Result<u64, String> {
        Err("dlinfo is not available on this platform".to_string())
    }
}
