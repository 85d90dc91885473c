// hello-c: the smallest command component. It prints a greeting and the arguments the
// capability policy grants it (see "policy.args" in studio.json), then exits 0.
#include <stdio.h>

int main(int argc, char **argv) {
    printf("Hello from a C component!\n");
    printf("I was given %d argument%s:\n", argc, argc == 1 ? "" : "s");
    for (int i = 0; i < argc; i++) {
        printf("  argv[%d] = %s\n", i, argv[i]);
    }
    return 0;
}
