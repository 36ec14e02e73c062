fn main() {
    println!("never started");
}
