// capability-tour: asks for one capability after another and prints what it got.
// Run it with nothing granted, then grant one capability at a time (see README.md):
// each grant changes the line of that capability and nothing else.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

static void read_file(const char *label, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("%-14s %s -> refused: %s\n", label, path, strerror(errno));
        return;
    }
    char line[80] = {0};
    if (!fgets(line, sizeof line, f)) line[0] = 0;
    fclose(f);
    line[strcspn(line, "\n")] = 0;
    printf("%-14s %s -> \"%s\"\n", label, path, line);
}

int main(int argc, char **argv) {
    printf("%-14s %d (", "arguments", argc - 1);
    for (int i = 1; i < argc; i++) printf("%s%s", i > 1 ? " " : "", argv[i]);
    printf(")\n");

    int n = 0;
    for (char **e = environ; *e; e++) n++;
    const char *home = getenv("HOME");
    printf("%-14s %d variable%s, HOME=%s\n", "environment", n, n == 1 ? "" : "s", home ? home : "(not set)");

    read_file("file in mount", "/data/welcome.txt");
    read_file("escape by ..", "/data/../studio.json");
    read_file("host path", "/etc/hostname");

    FILE *w = fopen("/data/visitors.txt", "a");
    if (w) {
        fputs("a visitor was here\n", w);
        fclose(w);
        printf("%-14s /data/visitors.txt -> appended\n", "write");
    } else {
        printf("%-14s /data/visitors.txt -> refused: %s\n", "write", strerror(errno));
    }

    char answer[32] = {0};
    if (fgets(answer, sizeof answer, stdin)) {
        answer[strcspn(answer, "\n")] = 0;
        printf("%-14s \"%s\"\n", "stdin", answer);
    } else {
        printf("%-14s end of file\n", "stdin");
    }

    // Clocks and random have no error to return in WASI: a refusal stops the component here.
    fflush(stdout);
    printf("%-14s %u\n", "random", (unsigned)arc4random());
    fflush(stdout);
    time_t now = time(NULL);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", gmtime(&now));
    printf("%-14s %s UTC\n", "clock", when);
    return 0;
}
