#include <math.h>

/* Adds two numbers; the cos call makes the library need the system's libm. */
int it_add(int a, int b) {
    return a + b + (int)floor(cos(0.0)) - 1;
}
