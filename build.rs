// The bank under content/ and rubrics/ is embedded with include_dir. Cargo does not see
// those files as inputs, so without these lines a new or edited question would be missed
// until something else triggered a rebuild.
fn main() {
    for dir in ["content", "rubrics"] {
        println!("cargo:rerun-if-changed={dir}");
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
