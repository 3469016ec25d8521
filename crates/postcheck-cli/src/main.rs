//! `postcheck`: the local companion. Checks drafts and helps author rule packs.

fn main() {
    println!("postcheck");
}
