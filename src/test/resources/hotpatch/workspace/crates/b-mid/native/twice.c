int whisker_twice(int value) {
    return 2 * value;
}
