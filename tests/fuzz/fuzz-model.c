/* fuzz-model.c — the stance model file loader (tg_model_load, model.h). The
 * input is written to a temporary file and loaded; a model that loads is saved
 * and loaded again, and must come back with the same parameters. */
#include <errno.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "model.h"

static char *dir;
static char *path;
static char *saved_path;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
remove_dir (void)
{
  unlink (path);
  unlink (saved_path);
  rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_init_glib ();
  g_autoptr (GError) error = NULL;
  dir = g_dir_make_tmp ("tagger-fuzz-model-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "fuzz: %s\n", error->message);
      abort ();
    }
  path = g_build_filename (dir, "fuzz.model", NULL);
  saved_path = g_build_filename (dir, "saved.model", NULL);
  atexit (remove_dir);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FILE *f = fopen (path, "wb");
  FUZZ_CHECK (f != NULL && (size == 0 || fwrite (data, 1, size, f) == size) && fclose (f) == 0,
              "cannot write %s: %s", path, g_strerror (errno));
  g_autoptr (GError) error = NULL;
  g_autoptr (TgModel) model = tg_model_load (path, &error);
  if (model == NULL)
    {
      fuzz_check_error (error, path);
      return 0;
    }
  FUZZ_CHECK (tg_model_save (model, saved_path, &error), "a loaded model does not save: %s", error->message);
  g_autoptr (TgModel) again = tg_model_load (saved_path, &error);
  FUZZ_CHECK (again != NULL, "a saved model does not load: %s", error->message);
  for (guint i = 0; i < tg_model_n_keys (); i++)
    {
      double a = tg_model_params_get (tg_model_params (model), i);
      double b = tg_model_params_get (tg_model_params (again), i);
      FUZZ_CHECK (a == b, "%s: %.17g saved as %.17g", tg_model_key_name (i), a, b);
    }
  return 0;
}
