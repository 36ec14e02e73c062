//! Just enough ELF for the real-patch test: symbol listings through `readelf` and one in-place
//! edit of an ELF64 little-endian relocatable object.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

#[derive(Debug, Clone)]
pub struct Symbol {
    pub value: u64,
    pub kind: String,
    pub defined: bool,
    pub name: String,
}

/// Lists the symbols of `.symtab` with `readelf -sW`, which also prints `.dynsym`.
pub fn symbols(path: &Path) -> Vec<Symbol> {
    let output = Command::new("readelf").arg("-sW").arg(path).output().expect("run readelf from binutils");
    assert!(output.status.success(), "readelf failed on {}", path.display());
    let text = String::from_utf8_lossy(&output.stdout);
    let mut symbols = Vec::new();
    let mut in_symtab = false;
    for line in text.lines() {
        if line.starts_with("Symbol table") {
            in_symtab = line.contains("'.symtab'");
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if !in_symtab || fields.len() < 8 || !fields[0].ends_with(':') || fields[0].trim_end_matches(':').parse::<u32>().is_err() {
            continue;
        }
        symbols.push(Symbol {
            value: u64::from_str_radix(fields[1], 16).unwrap(),
            kind: fields[3].to_string(),
            defined: fields[6] != "UND",
            name: fields[7].to_string(),
        });
    }
    symbols
}

/// Maps each defined symbol name to all its definitions.
pub fn defined_by_name(symbols: &[Symbol]) -> HashMap<String, Vec<Symbol>> {
    let mut map: HashMap<String, Vec<Symbol>> = HashMap::new();
    for symbol in symbols.iter().filter(|symbol| symbol.defined && !symbol.name.is_empty()) {
        map.entry(symbol.name.clone()).or_default().push(symbol.clone());
    }
    map
}

fn u16_at(data: &[u8], offset: usize) -> usize {
    u16::from_le_bytes(data[offset..offset + 2].try_into().unwrap()) as usize
}

fn u32_at(data: &[u8], offset: usize) -> usize {
    u32::from_le_bytes(data[offset..offset + 4].try_into().unwrap()) as usize
}

fn u64_at(data: &[u8], offset: usize) -> usize {
    u64::from_le_bytes(data[offset..offset + 8].try_into().unwrap()) as usize
}

/// Makes every non-local data symbol of a writable section undefined when `is_host_symbol`
/// accepts its name, so the patch uses the host's copy instead of a fresh one. Returns how many
/// symbols changed.
pub fn undefine_host_statics(data: &mut [u8], is_host_symbol: impl Fn(&str) -> bool) -> usize {
    const SHT_SYMTAB: usize = 2;
    const SHF_WRITE: usize = 1;
    const STT_OBJECT: u8 = 1;
    const SHN_LORESERVE: usize = 0xff00;

    let section_offset = u64_at(data, 0x28);
    let section_size = u16_at(data, 0x3a);
    let section_count = u16_at(data, 0x3c);
    let section = |index: usize| section_offset + index * section_size;

    let symtab = (0..section_count).map(section).find(|&at| u32_at(data, at + 4) == SHT_SYMTAB).expect(".symtab");
    let strtab = section(u32_at(data, symtab + 40));
    let strings = u64_at(data, strtab + 24);
    let (table, table_size) = (u64_at(data, symtab + 24), u64_at(data, symtab + 32));

    let mut changed = 0;
    for entry in (table..table + table_size).step_by(24) {
        let info = data[entry + 4];
        let index = u16_at(data, entry + 6);
        if info >> 4 == 0 || info & 0xf != STT_OBJECT || index == 0 || index >= SHN_LORESERVE {
            continue;
        }
        if u64_at(data, section(index) + 8) & SHF_WRITE == 0 {
            continue;
        }
        let name_start = strings + u32_at(data, entry);
        let name_end = name_start + data[name_start..].iter().position(|&b| b == 0).unwrap();
        let name = std::str::from_utf8(&data[name_start..name_end]).unwrap();
        if name.starts_with("DW.ref.") || !is_host_symbol(name) {
            continue;
        }
        data[entry + 4] = info & 0xf0; // STT_NOTYPE, binding kept
        data[entry + 6..entry + 8].copy_from_slice(&0u16.to_le_bytes());
        data[entry + 8..entry + 24].fill(0);
        changed += 1;
    }
    changed
}
