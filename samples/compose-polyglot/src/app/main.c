#include "app.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

// The command: the words interface is imported, so these calls go to whichever component exports
// it (here the JavaScript library). The app itself is granted nothing.
bool exports_wasi_cli_run_run(void) {
  docs_compose_words_summary_t st;
  docs_compose_words_summarize(&st);
  printf("the library read %u words; the longest is \"%.*s\"\n", st.words, (int)st.longest.len, (const char *)st.longest.ptr);

  app_string_t text, loud;
  app_string_dup(&text, "each component gets only its own grants");
  docs_compose_words_shout(&text, &loud);
  printf("%.*s\n", (int)loud.len, (const char *)loud.ptr);

  // The library's folder is the library's: the app has no /data, so this open must fail.
  FILE *f = fopen("/data/words.txt", "r");
  if (f) {
    printf("the app opened /data/words.txt too: its grants leaked\n");
    fclose(f);
    return false;
  }
  printf("the app's own fopen(\"/data/words.txt\") failed: %s (no folder was granted to the app)\n", strerror(errno));
  return true;
}
